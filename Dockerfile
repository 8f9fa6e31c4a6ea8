# The official Odoo 18 image with what the suite needs on top of Odoo's own requirements:
# the libraries of requirements.txt and OCA's addons of requirements-oca.txt. The OCA
# wheels require an "odoo" distribution, which the image's Debian package does not
# provide, so they are installed without their declared dependencies.
FROM odoo:18
USER root
COPY requirements.txt requirements-oca.txt /tmp/coop/
RUN pip install --quiet --break-system-packages -r /tmp/coop/requirements.txt \
    && pip install --quiet --break-system-packages --no-deps -r /tmp/coop/requirements-oca.txt \
    && rm -rf /tmp/coop
