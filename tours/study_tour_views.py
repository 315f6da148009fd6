"""Ready-made study tours: adopting one into My Visit Plan (built in the study-tours change)."""

from django.http import Http404


def adopt(request, page_id):  # placeholder until the study-tour pages land
    raise Http404
