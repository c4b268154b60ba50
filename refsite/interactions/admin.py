"""Staff see what the checker answers from; it changes only through content pull requests."""

from django.contrib import admin

from refsite.monographs.admin import ReadOnlyAdmin

from .models import Group, Interaction, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("drug", "reason", "source_owner", "source_key", "label_section")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name", "description")
    search_fields = ("slug", "name")
    inlines = [MembershipInline]


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ("monograph", "party", "kind", "action", "source_key", "label_section")
    list_filter = ("action", "kind")
    search_fields = ("monograph__slug", "party")
    list_select_related = ("monograph",)
