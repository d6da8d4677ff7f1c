"""Source documents over REST: list and read them; curators submit new ones and follow the ingest job."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import params as p
from api.conditional import graph_conditional
from api.docs import CONDITIONAL_HEADERS, READ_ERRORS, WRITE_ERRORS, errors, not_modified
from api.formats import ListFormat
from api.params import validated
from api.parsers import LimitedJSONParser, LimitedMultiPartParser
from api.permissions import IsCurator
from api.serializers import DocumentOut, DocumentPageOut, DocumentSummaryOut, document_path
from api.views.graph import CSV_RESPONSE, list_answer, trimmed
from ingest.models import Submission
from ingest.submissions import submission_create, submission_waiting_behind
from kg import selectors, types


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
    title = serializers.CharField()
    language = serializers.CharField()
    arxiv_id = serializers.CharField()
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_url(self, job: Submission) -> str:
        return job_path(job)

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
        description="Needs a curator: a user in the `curators` group or with `ingest.add_submission`.",
        request={"application/json": p.SubmissionTextIn, "multipart/form-data": p.SubmissionFileIn},
        responses={
            202: OpenApiResponse(JobOut, description="Queued: Location has the job URL"),
            **errors(*WRITE_ERRORS),
        },
    )
    def post(self, request: Request) -> Response:
        multipart = request.content_type.startswith("multipart/")
        checker = (p.SubmissionFileIn if multipart else p.SubmissionTextIn)(data=request.data)
        checker.is_valid(raise_exception=True)
        data = checker.validated_data
        upload = data.get("file")
        job = submission_create(
            content=upload.read() if upload else data["text"].encode("utf-8"),
            title=data["title"],
            arxiv_id=data["arxiv_id"],
            language=data["language"],
            filename=upload.name if upload else "",
            user=request.user,
        )
        return Response(JobOut(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": job_path(job)})


class DocumentDetailApi(APIView):
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


class JobDetailApi(APIView):
    permission_classes = [IsCurator]

    @extend_schema(
        operation_id="job_retrieve",
        tags=["documents"],
        summary="An ingest job: state, stage, progress, error and the extraction report",
        responses={200: JobOut, **errors(401, 403, 404, 405, 406, 429)},
    )
    def get(self, request: Request, job_id: int) -> Response:
        # Ids beyond a 64-bit integer cannot exist; the database would refuse to even compare them.
        job = get_object_or_404(Submission, pk=job_id) if job_id < 2**63 else None
        if job is None:
            raise NotFound(f"No job {job_id}.")
        return Response(JobOut(job).data)
