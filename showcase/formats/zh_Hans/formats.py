# Django leaves Chinese numbers ungrouped; mainland usage groups thousands with commas.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
