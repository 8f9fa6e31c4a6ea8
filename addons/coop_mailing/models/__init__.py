from . import mailing_contact, mailing_list, mailing_mailing, res_partner
