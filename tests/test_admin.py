"""Staff audit content in the admin; nothing there can change it."""

import datetime

import pytest

from refsite.monographs.models import Monograph

from .factories import FRONT_MATTER

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/monographs/monograph/"


@pytest.fixture
def overdue_and_current(content):
    content.write("pastazepam", reviewed_on="2019-01-10", review_due="2019-06-01",
                  drug_class="Anticonvulsant",  # a label of before the review (CITE005)
                  sources=[{**FRONT_MATTER["sources"][0], "effective": "2018-06-02"}])
    content.load(today=datetime.date(2019, 2, 1))
    content.load([content.write("futurazepam", review_due="2099-01-10")])


def _listed(response):
    return {m.slug for m in response.context["cl"].result_list}


def test_overdue_reviews_are_one_click_away(admin_client, overdue_and_current):
    page = admin_client.get(CHANGELIST).content.decode()
    assert "?review=overdue" in page
    response = admin_client.get(CHANGELIST, {"review": "overdue"})
    assert _listed(response) == {"pastazepam"}
    assert _listed(admin_client.get(CHANGELIST, {"review": "current"})) == {"futurazepam"}


def test_monographs_filter_by_status_and_class_and_search_by_name(
        admin_client, overdue_and_current):
    assert _listed(admin_client.get(CHANGELIST, {"drug_class": "Anticonvulsant"})) == {
        "pastazepam"}
    assert _listed(admin_client.get(CHANGELIST, {"status__exact": "reviewed"})) == {
        "pastazepam", "futurazepam"}
    assert _listed(admin_client.get(CHANGELIST, {"q": "futur"})) == {"futurazepam"}


def test_monographs_and_revisions_are_read_only(admin_client, overdue_and_current):
    monograph = Monograph.objects.get(slug="futurazepam")
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    page = admin_client.get(f"{CHANGELIST}{monograph.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin_client.post(f"{CHANGELIST}{monograph.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/monographs/revision/add/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_groups_and_interactions_are_listed_and_read_only(admin_client):
    from refsite.interactions.models import Group

    group = Group.objects.create(slug="opioids", name="Opioids", description="Opioids.")
    assert b"Opioids" in admin_client.get("/admin/interactions/group/").content
    assert admin_client.get(f"/admin/interactions/group/{group.pk}/change/").status_code == 200
    assert admin_client.get("/admin/interactions/group/add/").status_code == 403
    assert admin_client.get("/admin/interactions/interaction/").status_code == 200
    assert admin_client.get("/admin/interactions/interaction/add/").status_code == 403
