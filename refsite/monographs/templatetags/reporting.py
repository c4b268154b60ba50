from django import template

from refsite.core.links import absolute_url

from ..reporting import problem_report_url

register = template.Library()


@register.simple_tag(takes_context=True)
def report_problem_url(context, monograph):
    """The prefilled issue-tracker link for the page being rendered, naming the revision
    the view put in the context (none in a preview)."""
    request = context.get("request")
    path = monograph.get_absolute_url()
    page_url = absolute_url(request, path) if request is not None else path
    return problem_report_url(monograph, page_url, revision=context.get("revision"))
