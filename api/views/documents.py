"""Source documents over REST: list and read them; curators submit new ones (or revisions), follow
and cancel the ingest job, and withdraw a document."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import params as p
from api.conditional import graph_conditional, if_match
from api.docs import CONDITIONAL_HEADERS, READ_ERRORS, WRITE_ERRORS, errors, not_modified
from api.formats import ListFormat
from api.pagination import page_body
from api.params import validated
from api.parsers import LimitedJSONParser, LimitedMultiPartParser
from api.permissions import CanCancelJobs, CanWithdrawDocuments, IsCurator
from api.serializers import DocumentOut, DocumentPageOut, DocumentSummaryOut, document_path
from api.views.curation import audit_json
from api.views.graph import CSV_RESPONSE, list_answer, trimmed
from curation.services import document_withdraw
from ingest.models import Submission
from ingest.submissions import (
    submission_cancel,
    submission_create,
    submission_page,
    submission_rerun,
    submission_waiting_behind,
)
from ingest.validation import Draft, submission_check
from kg import selectors, services, types
from kg.documents import DocumentRemoval


class JobErrorOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class JobDocumentOut(serializers.Serializer):
    key = serializers.CharField()
    url = serializers.CharField()


def job_path(job: Submission) -> str:
    return f"/api/v1/jobs/{job.pk}"


class JobOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=Submission.State.values)
    stage = serializers.CharField(help_text="pipeline stage while running (load steps as `load: facts` ...)")
    progress = serializers.FloatField(help_text="0 to 1, over extraction and load")
    queue = serializers.CharField(help_text="the worker queue it was sent to: big documents have their own")
    waiting_behind = serializers.SerializerMethodField(
        help_text="while queued: jobs ahead of it (those running and those queued before it on its queue)"
    )
    error = serializers.SerializerMethodField()
    report = serializers.JSONField(help_text="the extraction report, once done")
    document = serializers.SerializerMethodField()
    warning = serializers.CharField(
        help_text='done but no relation found: most often the language was read wrong (see "rerun"); else empty'
    )
    rerun_url = serializers.SerializerMethodField(help_text="POST {language} here to ingest it again as that language")
    revision_of = serializers.SerializerMethodField()
    title = serializers.CharField()
    language = serializers.CharField()
    arxiv_id = serializers.CharField()
    webhook = serializers.CharField(help_text="POSTed when the job ends; empty for none")
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_url(self, job: Submission) -> str:
        return job_path(job)

    def get_rerun_url(self, job: Submission) -> str:
        return f"{job_path(job)}/rerun"

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waiting_behind(self, job: Submission) -> int | None:
        if job.state != Submission.State.QUEUED:
            return None
        return submission_waiting_behind(submission=job)

    @extend_schema_field(JobErrorOut(allow_null=True))
    def get_error(self, job: Submission) -> dict | None:
        if job.state != Submission.State.FAILED:
            return None
        return {"code": job.error_code, "message": job.error_message}

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="the key of the document it revises"))
    def get_revision_of(self, job: Submission) -> str | None:
        return None if job.document_key == f"submission-{job.pk}" else job.document_key

    @extend_schema_field(JobDocumentOut(allow_null=True, help_text="the ingested document, once done"))
    def get_document(self, job: Submission) -> dict | None:
        if job.state != Submission.State.DONE:
            return None
        return {"key": job.document_key, "url": document_path(job.document_key)}


class DocumentsApi(APIView):
    # GET is public; POST (a new document to ingest) needs a curator.

    parser_classes = [LimitedJSONParser, LimitedMultiPartParser]
    content_negotiation_class = ListFormat

    def get_permissions(self):
        return [IsCurator()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        operation_id="documents_list",
        tags=["documents"],
        summary="Ingested source documents, cursor-paginated",
        parameters=[p.DocumentListParams, *CONDITIONAL_HEADERS],
        responses={
            (200, "application/json"): DocumentPageOut,
            (200, "text/csv"): CSV_RESPONSE,
            **not_modified(),
            **errors(*READ_ERRORS),
        },
    )
    @graph_conditional(p.DocumentListParams)
    def get(self, request: Request) -> Response:
        data, checker = validated(p.DocumentListParams, request)
        query = types.DocumentListQuery(
            ordering=data["ordering"],
            limit=data["limit"],
            after=data["after"],
            prefix=data.get("q"),
            language=data.get("language"),
        )
        page = selectors.document_page(query=query)
        results = trimmed(DocumentSummaryOut(page.items, many=True).data, data.get("fields"))
        fields = data.get("fields")
        columns = [f for f in p.DOCUMENT_FIELDS if f == "key" or not fields or f in fields]
        return list_answer(
            request, page, data=data, scope=checker.scope(data), results=results, columns=columns, name="documents"
        )

    @extend_schema(
        operation_id="documents_submit",
        tags=["documents"],
        summary="Submit a document (text or file upload) for ingest: 202 with the job to follow",
        description=(
            "Needs a curator: a user in the `curators` group or with `ingest.add_submission`. A text some "
            "document already has (compared after Unicode normalization, case and spacing) answers 409 with "
            "that document's key in `detail.document`: send it as `supersedes` to revise that document, or "
            "`force: true` for a separate copy. A `supersedes` naming no document is a 404."
        ),
        request={"application/json": p.SubmissionTextIn, "multipart/form-data": p.SubmissionFileIn},
        responses={
            202: OpenApiResponse(JobOut, description="Queued: Location has the job URL"),
            **errors(*WRITE_ERRORS, 404, 409),
        },
    )
    def post(self, request: Request) -> Response:
        multipart = request.content_type.startswith("multipart/")
        checker = (p.SubmissionFileIn if multipart else p.SubmissionTextIn)(data=request.data)
        checker.is_valid(raise_exception=True)  # types only: the rules are ingest.validation's, as in the admin
        data = checker.validated_data
        upload = data.get("file")
        checked = submission_check(
            draft=Draft(
                # A multipart body's `text` is not in its schema, but one sent beside a file is refused, not ignored.
                text=request.data.get("text", "") if multipart else data["text"],
                file=upload.read() if upload else None,
                filename=upload.name if upload else "",
                title=data["title"],
                language=data["language"],
                arxiv_id=data["arxiv_id"],
                webhook=data["webhook"],
            )
        )
        job = submission_create(
            content=checked.content,
            title=checked.title,
            arxiv_id=checked.arxiv_id,
            language=checked.language,
            filename=checked.filename,
            user=request.user,
            revises=data["supersedes"],
            allow_duplicate=data["force"],
            webhook=checked.webhook,
        )
        return Response(JobOut(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": job_path(job)})


class FactBriefOut(serializers.Serializer):
    key = serializers.CharField()
    type = serializers.CharField()
    subject = serializers.CharField()
    object = serializers.CharField()
    status = serializers.CharField()
    decision = serializers.CharField(allow_null=True)
    curated = serializers.BooleanField()


class WithdrawalOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    sha256 = serializers.CharField()
    withdrawn = serializers.BooleanField(help_text="false for a dry run: nothing was changed")
    removed_facts = FactBriefOut(many=True, help_text="only this document supported them")
    kept_facts = FactBriefOut(
        many=True, help_text="only this document supported them, but a curator decided or made them: kept, noted"
    )
    other_facts = serializers.IntegerField(help_text="facts other documents state too: kept")
    removed_entities = serializers.ListField(child=serializers.CharField())
    claims = serializers.IntegerField(help_text="the document's statements")
    audit = serializers.JSONField(allow_null=True, help_text="the audit entry (none for a dry run)")


def withdrawal_json(removal: DocumentRemoval, *, entry=None) -> dict:
    body = {**removal.to_dict(), "withdrawn": entry is not None, "audit": audit_json(entry) if entry else None}
    return WithdrawalOut(body).data


class DocumentDetailApi(APIView):
    # GET is public; DELETE (withdraw) needs a curator.

    def get_permissions(self):
        return [CanWithdrawDocuments()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        operation_id="document_retrieve",
        tags=["documents"],
        summary="One source document: text, extraction report and entity mentions (offsets)",
        parameters=CONDITIONAL_HEADERS,
        responses={200: DocumentOut, **not_modified(), **errors(*READ_ERRORS)},
    )
    @graph_conditional()
    def get(self, request: Request, key: str) -> Response:
        return Response(DocumentOut(selectors.document_get(key=key)).data)

    @extend_schema(
        operation_id="document_withdraw",
        tags=["documents"],
        summary="Withdraw a document: the facts only it supported go, decided ones stay (noted)",
        description=(
            "Needs a curator. Facts a curator accepted, rejected or made stay, noted with the withdrawn "
            "source; the submissions that loaded the document show `withdrawn`; the audit log records it "
            "(a withdrawal cannot be reverted: submit the document again). `If-Match` takes the document's "
            "`sha256` as read: when a revision replaced it since, 412. `?dry_run=true` lists the same and "
            "changes nothing."
        ),
        parameters=[
            p.WithdrawParams,
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description="the document's sha256 as read"),
        ],
        responses={200: WithdrawalOut, **errors(400, 401, 403, 404, 405, 406, 409, 412, 429, 503)},
    )
    def delete(self, request: Request, key: str) -> Response:
        data, _ = validated(p.WithdrawParams, request)
        if data["dry_run"]:
            return Response(withdrawal_json(services.document_delete_preview(key=key)))
        entry = document_withdraw(user=request.user, key=key, expected_sha256=if_match(request))
        return Response(withdrawal_json(DocumentRemoval.from_dict(entry.before), entry=entry))


class JobListOut(serializers.Serializer):
    count = serializers.IntegerField(help_text="jobs in the state asked for (all when none)")
    results = JobOut(many=True)
    next = serializers.CharField(allow_null=True)
    cursor = serializers.CharField(allow_null=True)


class JobListApi(APIView):
    permission_classes = [IsCurator]

    @extend_schema(
        operation_id="job_list",
        tags=["documents"],
        summary="Ingest jobs, newest first, optionally in one state; follow `next` for older ones",
        parameters=[p.JobListParams],
        responses={200: JobListOut, **errors(400, 401, 403, 405, 406, 429)},
    )
    def get(self, request: Request) -> Response:
        data, checker = validated(p.JobListParams, request)
        jobs, total, more = submission_page(state=data.get("state"), after_id=data["after_id"], limit=data["limit"])
        page = types.Page(items=tuple(jobs), next=(str(jobs[-1].pk),) if more else None)
        body = page_body(request, page, scope=checker.scope(data), results=JobOut(jobs, many=True).data)
        return Response({"count": total, **body})


class JobDetailApi(APIView):
    permission_classes = [IsCurator]

    @extend_schema(
        operation_id="job_retrieve",
        tags=["documents"],
        summary="An ingest job: state, stage, progress, error and the extraction report",
        responses={200: JobOut, **errors(400, 401, 403, 404, 405, 406, 429)},
    )
    def get(self, request: Request, job_id: int) -> Response:
        validated(p.NoParams, request)
        return Response(JobOut(_job(job_id)).data)


class JobRerunApi(APIView):
    permission_classes = [IsCurator]
    parser_classes = [LimitedJSONParser]

    @extend_schema(
        operation_id="job_rerun",
        tags=["documents"],
        summary="Ingest a finished job's document again, read as the language given: 202 with the job",
        description="For a job done with no relation (its `warning` says so) or failed: the document is replaced, "
        "curators' decisions stay. 409 while the job is still queued or running.",
        request=p.RerunIn,
        responses={202: OpenApiResponse(JobOut, description="Queued again"), **errors(*WRITE_ERRORS, 404, 409)},
    )
    def post(self, request: Request, job_id: int) -> Response:
        job = _job(job_id)
        checker = p.RerunIn(data=request.data)
        checker.is_valid(raise_exception=True)
        job = submission_rerun(submission_id=job.pk, language=checker.validated_data["language"])
        return Response(JobOut(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": job_path(job)})


class JobCancelApi(APIView):
    permission_classes = [CanCancelJobs]

    @extend_schema(
        operation_id="job_cancel",
        tags=["documents"],
        summary="Cancel a queued or running ingest job; a running one stops at its next stage, graph unchanged",
        description=(
            "Needs a curator. 409 when the job is done (withdraw its document instead), already over, or "
            "loading its document (one transaction of seconds)."
        ),
        request=None,
        responses={200: JobOut, **errors(401, 403, 404, 405, 406, 409, 429)},
    )
    def post(self, request: Request, job_id: int) -> Response:
        job = submission_cancel(submission_id=_job(job_id).pk)
        return Response(JobOut(job).data)


def _job(job_id: int) -> Submission:
    # Ids beyond a 64-bit integer cannot exist; the database would refuse to even compare them.
    job = Submission.objects.filter(pk=job_id).first() if job_id < 2**63 else None
    if job is None:
        raise NotFound(f"No job {job_id}.")
    return job
