"""Dose amounts in templates: `{{ rule.max_daily|amount }}`."""

from django import template

from ..amounts import describe_amount

register = template.Library()
register.filter("amount", describe_amount)
