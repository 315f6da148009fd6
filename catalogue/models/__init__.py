from catalogue.models.areas import FocusAreaPage, HomePage, SubAreaPage
from catalogue.models.directory import CompanyPage, DirectoryIndexPage, ExpertPage
from catalogue.models.hosts import SiteHost
from catalogue.models.practices import BestPracticeImage, BestPracticeIndexPage, BestPracticePage

__all__ = [
    "BestPracticeImage",
    "BestPracticeIndexPage",
    "BestPracticePage",
    "CompanyPage",
    "DirectoryIndexPage",
    "ExpertPage",
    "FocusAreaPage",
    "HomePage",
    "SiteHost",
    "SubAreaPage",
]
