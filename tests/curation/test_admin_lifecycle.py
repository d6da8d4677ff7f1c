"""Documents with a lifecycle in the admin (Django's client, the real Neo4j): duplicates caught with
"revision of" offered, withdrawing after a preview, cancelling a job, the documents list."""

import re

from django.urls import reverse

from curation import services as curation
from curation.models import AuditEntry
from ingest.models import Submission
from ingest.submissions import submission_ingest
from kg import selectors, services
from tests.factories import document

ADD = "admin:ingest_submission_add"
CHANGELIST = "admin:ingest_submission_changelist"
WITHDRAW = "admin:curation_sourcedocument_withdraw"
ARTICLE = b"# Nimbus-3B\n\nNimbus-3B is a language model developed by OpenAI. Nimbus-3B is fine-tuned from LLaMA.\n"


def _submit(admin_client, capture, **form):
    """The language is given: these texts are too short for the detector to be sure of one."""
    with capture(execute=True):
        return admin_client.post(reverse(ADD), {"title": "", "language": "en", **form})


def test_a_text_already_there_is_held_back_with_revision_offered(
    admin_client, graph, broker_down, django_capture_on_commit_callbacks
):
    seed = document("file-seed", [("gpt-3", "DEVELOPED_BY", "openai")])
    services.document_load(doc=seed)  # as `manage.py ingest` loads a file: no submission
    fresh = admin_client.get(reverse(ADD)).content.decode()
    assert "identical to the document" not in fresh and 'class="form-row field-on_duplicate"' in fresh
    held = _submit(admin_client, django_capture_on_commit_callbacks, text="  " + seed.text.upper() + "\n")
    page = held.content.decode()
    assert held.status_code == 200 and not Submission.objects.exists()
    assert "This text is identical to the document “Title of file-seed” (file-seed)" in page
    assert "Submit it as a revision of “Title of file-seed” (file-seed)" in page
    assert re.search(r'class="form-row errors field-on_duplicate"', page)  # the choice shows with its warning
    revised = _submit(admin_client, django_capture_on_commit_callbacks, text=seed.text, on_duplicate="revision")
    assert revised.status_code == 302
    revision = Submission.objects.get()
    assert revision.document_key == "file-seed" and revision.supersedes is None
    # The queued revision has the text now too; a separate copy is what the curator confirms.
    again = _submit(admin_client, django_capture_on_commit_callbacks, text=seed.text)
    assert f"Submit it as a revision of “submission {revision.pk}” (file-seed)" in again.content.decode()
    copy = _submit(admin_client, django_capture_on_commit_callbacks, text=seed.text, on_duplicate="separate")
    assert copy.status_code == 302
    assert Submission.objects.latest("pk").document_key == f"submission-{Submission.objects.latest('pk').pk}"


def test_a_revision_names_one_existing_document(admin_client, graph, broker_down, django_capture_on_commit_callbacks):
    services.document_load(doc=document("file-seed", [("gpt-3", "DEVELOPED_BY", "openai")]))
    unknown = _submit(admin_client, django_capture_on_commit_callbacks, text="GPT-3 news.", revises="file-nope")
    assert "There is no document &#x27;file-nope&#x27; to revise." in unknown.content.decode()
    first = _submit(admin_client, django_capture_on_commit_callbacks, text="Some first text about GPT-3.")
    assert first.status_code == 302
    both = _submit(
        admin_client,
        django_capture_on_commit_callbacks,
        text="GPT-3 news.",
        revises="file-seed",
        supersedes=Submission.objects.get().pk,
    )
    assert "Choose one document to revise." in both.content.decode()
    seed_revision = _submit(admin_client, django_capture_on_commit_callbacks, text="GPT-3 news.", revises="file-seed")
    assert seed_revision.status_code == 302
    assert Submission.objects.latest("pk").document_key == "file-seed"


def _done_submission() -> Submission:
    submission = Submission.objects.create(content=ARTICLE, title="Nimbus")
    submission_ingest(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.state == Submission.State.DONE, submission.error_message
    return submission


def test_withdrawing_from_the_submissions_list_previews_then_keeps_the_row_as_withdrawn(admin_client, graph, curator):
    submission = _done_submission()
    key = submission.document_key
    facts = selectors.document_facts(key=key)
    kept = next(f for f in facts if "FINE_TUNES" in f)
    curation.fact_decide(user=curator, key=kept, decision="accepted")
    changelist = reverse(CHANGELIST)
    chosen = admin_client.post(changelist, {"action": "withdraw", "_selected_action": [submission.pk]})
    assert chosen.status_code == 302 and chosen["Location"].startswith(reverse(WITHDRAW) + f"?key={key}&next=")
    preview = admin_client.get(chosen["Location"]).content.decode()
    removed = facts - {kept}
    assert removed and all(f.split("|")[0] in preview for f in removed)
    assert re.search(r'<table class="facts kept-facts">.*nimbus-3b.*fine-tunes.*llama.*accepted', preview, re.S)
    assert "Yes, withdraw" in preview and selectors.document_exists(key=key)  # nothing changed yet
    sha256 = re.search(rf'name="sha256:{key}" value="(\w+)"', preview).group(1)
    done = admin_client.post(reverse(WITHDRAW), {"key": key, f"sha256:{key}": sha256, "next": changelist})
    assert done.status_code == 302 and done["Location"] == changelist
    assert not selectors.document_exists(key=key)
    submission.refresh_from_db()
    assert submission.state == Submission.State.WITHDRAWN
    listing = admin_client.get(changelist).content.decode()
    assert "job-withdrawn" in listing and "Withdrew" in listing
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DOCUMENT_WITHDRAW)
    assert entry.user == curator and entry.target_key == key and entry.related_keys == [kept]
    audit_page = admin_client.get(reverse("admin:curation_auditentry_change", args=[entry.pk])).content.decode()
    assert "cannot be put back by a revert" in audit_page
    fact_page = admin_client.get(reverse("admin:curation_reviewedfact_change", kwargs={"key": kept})).content.decode()
    assert 'id="withdrawn-sources"' in fact_page and key in fact_page


def test_a_withdrawal_after_a_revision_is_refused(admin_client, graph):
    submission = _done_submission()
    key = submission.document_key
    response = admin_client.post(reverse(WITHDRAW), {"key": key, f"sha256:{key}": "0" * 64}, follow=True)
    assert "changed since it was read" in response.content.decode()
    assert selectors.document_exists(key=key) and not AuditEntry.objects.exists()


def test_the_documents_list_shows_seeds_and_links_their_withdrawal(admin_client, graph):
    services.document_load(doc=document("file-seed", [("gpt-3", "DEVELOPED_BY", "openai")]))
    page = admin_client.get(reverse("admin:curation_sourcedocument_changelist")).content.decode()
    assert "Title of file-seed" in page and f"{reverse(WITHDRAW)}?key=file-seed" in page
    preview = admin_client.get(reverse(WITHDRAW), {"key": ["file-seed", "nope"]}).content.decode()
    assert "No document with key &#x27;nope&#x27;." in preview and "gpt-3" in preview
    assert admin_client.get(reverse("admin:curation_sourcedocument_changelist"), {"q": "zzz"}).status_code == 200


def test_someone_without_the_permission_cannot_withdraw(client, graph, django_user_model):
    django_user_model.objects.create_user(username="staff", password="not-used-here-9", is_staff=True)
    client.login(username="staff", password="not-used-here-9")
    services.document_load(doc=document("file-seed", [("gpt-3", "DEVELOPED_BY", "openai")]))
    assert client.post(reverse(WITHDRAW), {"key": "file-seed"}).status_code == 403
    assert selectors.document_exists(key="file-seed")


def test_cancelling_a_queued_job_from_the_list_and_from_its_page(admin_client, db):
    first = Submission.objects.create(content=ARTICLE, title="first")
    second = Submission.objects.create(content=ARTICLE, title="second")
    admin_client.post(reverse(CHANGELIST), {"action": "cancel", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.state == Submission.State.CANCELLED
    submission_ingest(submission_id=first.pk)  # a worker that gets it anyway does nothing
    first.refresh_from_db()
    assert first.state == Submission.State.CANCELLED and first.attempts == 0
    again = admin_client.post(reverse(CHANGELIST), {"action": "cancel", "_selected_action": [first.pk]}, follow=True)
    assert f"Job {first.pk} is already cancelled." in again.content.decode()
    page = admin_client.get(reverse("admin:ingest_submission_change", args=[second.pk])).content.decode()
    cancel_url = reverse("admin:ingest_submission_cancel", args=[second.pk])
    assert f'action="{cancel_url}"' in page and "Cancel this job" in page
    assert admin_client.get(cancel_url).status_code == 403  # a change needs a POST
    assert admin_client.post(cancel_url).status_code == 302
    second.refresh_from_db()
    assert second.state == Submission.State.CANCELLED
    assert (
        "Cancel this job"
        not in admin_client.get(reverse("admin:ingest_submission_change", args=[second.pk])).content.decode()
    )
