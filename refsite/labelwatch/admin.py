"""Staff see what the label watch found; only check_labels changes it."""

from django.contrib import admin
from django.db.models import F

from refsite.monographs.admin import ReadOnlyAdmin

from .models import LabelAlert, LabelCheck, LabelCitation


class StaleFilter(admin.SimpleListFilter):
    title = "label"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Updated since review"), ("no", "Current")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(stale_since__isnull=False)
        if self.value() == "no":
            return queryset.filter(stale_since__isnull=True)
        return queryset


@admin.register(LabelCitation)
class LabelCitationAdmin(ReadOnlyAdmin):
    """Stale pages first, those stale the longest at the top."""

    list_display = ("monograph", "source_key", "reviewed", "current", "stale_since",
                    "checked_at")
    list_filter = (StaleFilter,)
    list_select_related = ("monograph", "label")
    search_fields = ("monograph__generic_name", "monograph__slug", "label__set_id")
    ordering = (F("stale_since").asc(nulls_last=True), "monograph__generic_name")

    def get_queryset(self, request):
        return super().get_queryset(request).published()

    @admin.display(description="reviewed against")
    def reviewed(self, obj):
        if obj.basis == "version":
            return f"version {obj.reviewed_version}"
        return f"{obj.basis.replace('_', ' ')} {obj.reviewed_date or '?'}"

    @admin.display(description="current label")
    def current(self, obj):
        return f"version {obj.current_version} ({obj.current_published})"

    @admin.display(description="last checked")
    def checked_at(self, obj):
        return obj.label.checked_at


@admin.register(LabelCheck)
class LabelCheckAdmin(ReadOnlyAdmin):
    list_display = ("set_id", "title", "newest_version", "newest_published", "checked_at",
                    "error_at", "error")
    search_fields = ("set_id", "title")


@admin.register(LabelAlert)
class LabelAlertAdmin(ReadOnlyAdmin):
    list_display = ("monograph", "set_id", "reviewed", "current_version", "current_published",
                    "created_at")
