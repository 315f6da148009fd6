"""Validators shared by the models of several apps."""

from django.core.validators import MaxValueValidator, MinValueValidator

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]
