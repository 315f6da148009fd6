# English dates as the site has always shown them ("27 November 2026"), not Django's
# American default ("Nov. 27, 2026"). Swedish and Chinese use Django's own formats.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
FIRST_DAY_OF_WEEK = 1
