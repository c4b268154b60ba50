"""Staff can look, filter and audit here; content itself changes only by pull request."""

from django.contrib import admin

from . import labels
from .models import ContentLoad, Monograph, Revision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ("number", "created_at", "reviewed_by", "reviewed_on", "short_hash", "commit",
              "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReviewOverdueFilter(admin.SimpleListFilter):
    """"Which reviews are overdue" in one click: published pages past their due date."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("current", "Not overdue")]

    def queryset(self, request, queryset):
        overdue = Monograph.objects.review_overdue().values("pk")
        if self.value() == "overdue":
            return queryset.filter(pk__in=overdue)
        if self.value() == "current":
            return queryset.exclude(pk__in=overdue)
        return queryset


class LabelUpdatedFilter(admin.SimpleListFilter):
    """Published pages whose cited FDA label has a version newer than the one reviewed
    (as the last `check_labels` found)."""

    title = "FDA label"
    parameter_name = "label"

    def lookups(self, request, model_admin):
        return [("updated", "Updated since review"), ("current", "Not updated")]

    def queryset(self, request, queryset):
        if self.value() == "updated":
            return queryset.filter(pk__in=labels.stale_ids())
        if self.value() == "current":
            return queryset.exclude(pk__in=labels.stale_ids())
        return queryset


@admin.register(Monograph)
class MonographAdmin(ReadOnlyAdmin):
    list_display = ("generic_name", "drug_class", "status", "is_active", "reviewed_on",
                    "review_due")
    list_filter = (ReviewOverdueFilter, LabelUpdatedFilter, "status", "is_active",
                   "drug_class", "review_due")
    search_fields = ("generic_name", "slug", "brand_names", "drug_class")
    date_hierarchy = "review_due"
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("monograph", "number", "created_at", "reviewed_by", "short_hash", "commit")
    list_filter = ("created_at",)
    search_fields = ("monograph__generic_name", "content_hash", "commit")


@admin.register(ContentLoad)
class ContentLoadAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "commit", "added", "changed", "removed")
