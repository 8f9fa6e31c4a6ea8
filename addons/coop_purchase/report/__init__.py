from . import round_matrix_xlsx
