from . import portal
from . import matrix
