from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=160)
    value = blocks.CharBlock(label=_("value"), max_length=40)
    unit = blocks.CharBlock(label=_("unit"), max_length=40, required=False)
    source = blocks.CharBlock(label=_("source"), max_length=200, required=False)

    class Meta:
        icon = "pick"
        template = "catalogue/blocks/fact.html"


class MilestoneBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("date"))
    text = blocks.CharBlock(label=_("text"), max_length=300)

    class Meta:
        icon = "date"
