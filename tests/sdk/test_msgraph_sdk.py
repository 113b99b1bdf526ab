"""Microsoft's Graph SDKs for Python against `caseexport serve` (issue 22):
msgraph-sdk (v1.0) and msgraph-beta-sdk (beta), Kiota underneath, driving
their own request builders, models, PageIterator and ODataError over
loopback: get, lists with PageIterator, PATCH from models with If-Match,
every error status as ODataError, and issue 22's query options ($filter,
$select, $orderby, $count, $skip), `/$count`, cast segments and
`client-request-id` in every innerError.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_core import PageIterator

from conftest import (
    BIG_SECURITY_CASE,
    BIG_SECURITY_SIZE,
    CASE,
    CASE_SIZE,
    EDIT_CASE,
    SECURITY_CASE,
    SECURITY_EDIT_CASE,
    StaticTokenProvider,
    Graph,
    Recorder,
    compliance_op,
    security_op,
)

from msgraph.generated.models.o_data_errors.o_data_error import ODataError as V1ODataError
from msgraph.generated.models.security.case_operation_collection_response import (
    CaseOperationCollectionResponse as V1Collection,
)
from msgraph.generated.models.security.ediscovery_export_operation import (
    EdiscoveryExportOperation as V1SecurityExport,
)
from msgraph.generated.security.cases.ediscovery_cases.item.operations.operations_request_builder import (
    OperationsRequestBuilder as V1SecurityOperations,
)
from msgraph_beta.generated.compliance.ediscovery.cases.item.operations.operations_request_builder import (
    OperationsRequestBuilder as BetaComplianceOperations,
)
from msgraph_beta.generated.compliance.ediscovery.cases.item.operations.item.case_operation_item_request_builder import (
    CaseOperationItemRequestBuilder as BetaComplianceOperation,
)
from msgraph_beta.generated.models.ediscovery.case_export_operation import CaseExportOperation
from msgraph_beta.generated.models.ediscovery.case_operation_collection_response import (
    CaseOperationCollectionResponse,
)
from msgraph_beta.generated.models.ediscovery.case_operation_status import CaseOperationStatus
from msgraph_beta.generated.models.ediscovery.export_options import ExportOptions
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_beta.generated.models.security.ediscovery_export_operation import (
    EdiscoveryExportOperation as BetaSecurityExport,
)

# --- helpers ---------------------------------------------------------------


def compliance(client: Any, case: str = CASE) -> Any:
    """The beta compliance operations of a case."""
    return client.compliance.ediscovery.cases.by_case_id(case).operations


def security(client: Any, case: str = SECURITY_CASE) -> Any:
    """The security operations of a case (v1.0 or beta client)."""
    return client.security.cases.ediscovery_cases.by_ediscovery_case_id(case).operations


def headers(**values: str) -> RequestConfiguration[Any]:
    config: RequestConfiguration[Any] = RequestConfiguration()
    for name, value in values.items():
        config.headers.add(name.replace("_", "-"), value)
    return config


def etag_of(entity: Any) -> str:
    etag = entity.additional_data.get("@odata.etag")
    assert isinstance(etag, str) and etag.startswith('W/"'), entity.additional_data
    return etag


def assert_graph_error(error: Any, status: int, code: str, recorder: Recorder) -> None:
    """`error` is an ODataError as Graph's SDKs surface a Graph error body:
    the status, the code, a message, and an innerError whose request-id is
    the answer's `request-id` header."""
    assert error.response_status_code == status
    assert error.error is not None
    assert error.error.code == code
    assert error.error.message
    inner = error.error.inner_error
    assert inner is not None
    answer = recorder.exchanges[-1]
    assert answer.status == status
    assert inner.request_id and inner.request_id == answer.response_headers["request-id"]
    assert isinstance(inner.date, datetime.datetime)
    assert abs(inner.date.replace(tzinfo=datetime.timezone.utc) - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)


def list_all(graph: Graph, client: Any, first: Any, factory: Any, error: Any = ODataError) -> list[Any]:
    """Every element, through msgraph-core's PageIterator from `first`."""
    seen: list[Any] = []

    def keep(item: Any) -> bool:
        seen.append(item)
        return True

    iterator = PageIterator(first, client.request_adapter, error_mapping={"XXX": error})
    graph.run(iterator.iterate(keep))
    assert isinstance(first, factory)
    return seen


# --- the token --------------------------------------------------------------


def test_the_token_goes_to_the_allowed_loopback_host_only(graph: Graph, recorder: Recorder) -> None:
    provider = StaticTokenProvider("t0k", ["127.0.0.1"])
    get = lambda url: graph.run(provider.get_authorization_token(url))  # noqa: E731
    assert get("http://127.0.0.1:8080/beta/x") == "t0k"
    # Graph itself is not an allowed host here, nor is another loopback name.
    assert get("https://graph.microsoft.com/v1.0/security/cases") == ""
    assert get("http://localhost:8080/beta/x") == ""
    assert get("http://user:pw@127.0.0.1:8080/") == ""  # Kiota refuses credentials in the URL
    # Plain http carries the token to loopback only.
    remote = StaticTokenProvider("t0k", ["example.com"])
    assert graph.run(remote.get_authorization_token("https://example.com/v1.0/x")) == "t0k"
    with pytest.raises(ValueError, match="over http"):
        graph.run(remote.get_authorization_token("http://example.com/v1.0/x"))
    # No allowed host at all means no token (Kiota's empty list means "any host").
    assert graph.run(StaticTokenProvider("t0k", []).get_authorization_token("http://127.0.0.1/")) == ""

    # Through the SDK: the token is in the request, over http to 127.0.0.1.
    op = graph.run(compliance(graph.beta()).by_case_operation_id("op-000").get())
    assert op is not None
    [exchange] = recorder.exchanges
    assert exchange.url.startswith("http://127.0.0.1:")
    assert exchange.request_headers["authorization"] == f"Bearer {graph.server.token}"
    assert exchange.status == 200


# --- GET one operation ------------------------------------------------------


def test_get_a_compliance_operation_with_the_beta_sdk(graph: Graph, recorder: Recorder) -> None:
    op = graph.run(compliance(graph.beta()).by_case_operation_id("op-007").get())
    expected = compliance_op(7)
    assert isinstance(op, CaseExportOperation)  # typed from @odata.type
    assert op.odata_type == expected["@odata.type"]
    assert op.id == "op-007"
    assert op.status == CaseOperationStatus(expected["status"])
    assert op.percent_progress == expected["percentProgress"]
    assert op.description == expected["description"]
    assert op.output_name == expected["outputName"]
    assert op.export_options == [ExportOptions.OriginalFiles, ExportOptions.Tags]
    assert op.created_by.user.display_name == "Adele Vance"
    assert op.created_date_time == datetime.datetime(2024, 5, 8, 9, 7, 31, 472109, tzinfo=datetime.timezone.utc)
    # The ETag: the annotation and the header agree.
    assert etag_of(op) == recorder.exchanges[-1].response_headers["etag"]
    context = op.additional_data["@odata.context"]
    assert context == f"{graph.server.url}/beta/$metadata#compliance/ediscovery/cases('{CASE}')/operations/$entity"


@pytest.mark.parametrize("version", ["v1.0", "beta"])
def test_get_a_security_operation(graph: Graph, recorder: Recorder, version: str) -> None:
    client = graph.v1() if version == "v1.0" else graph.beta()
    op = graph.run(security(client).by_case_operation_id("sop-1").get())
    assert isinstance(op, V1SecurityExport if version == "v1.0" else BetaSecurityExport)
    assert op.id == "sop-1"
    assert op.description == security_op(1)["description"]
    assert op.status.value == "running"
    [metadata] = op.export_file_metadata
    assert (metadata.file_name, metadata.size) == ("Export 1.zip", 5368709120)
    assert recorder.exchanges[-1].url.startswith(f"{graph.server.url}/{version}/security/cases/ediscoveryCases/")
    assert etag_of(op) == recorder.exchanges[-1].response_headers["etag"]


# --- lists and PageIterator -------------------------------------------------


def test_page_iterator_walks_every_page_at_the_default_size(graph: Graph, recorder: Recorder) -> None:
    client = graph.v1()
    first = graph.run(security(client, BIG_SECURITY_CASE).get())
    assert len(first.value) == 100 and first.odata_next_link  # the server's default page
    ops = list_all(graph, client, first, V1Collection, V1ODataError)
    ids = [op.id for op in ops]
    assert ids == sorted(security_op(i)["id"] for i in range(BIG_SECURITY_SIZE))  # in id order, nothing twice
    assert all(isinstance(op, V1SecurityExport) for op in ops)
    # Two requests, the second by @odata.nextLink, to the same server.
    gets = [e for e in recorder.exchanges if e.method == "GET"]
    assert len(gets) == 2 and all(e.status == 200 for e in gets)
    assert "$skiptoken=" not in gets[0].url and "$skiptoken=" in gets[1].url
    assert gets[1].url.startswith(f"{graph.server.url}/v1.0/security/cases/ediscoveryCases/{BIG_SECURITY_CASE}/operations?")
    assert all(e.request_headers["authorization"] == f"Bearer {graph.server.token}" for e in gets)


def test_one_page_has_no_next_link(graph: Graph, recorder: Recorder) -> None:
    first = graph.run(compliance(graph.beta()).get())
    assert [op.id for op in first.value] == [compliance_op(i)["id"] for i in range(CASE_SIZE)]
    assert first.odata_next_link is None
    context = first.additional_data["@odata.context"]
    assert context == f"{graph.server.url}/beta/$metadata#compliance/ediscovery/cases('{CASE}')/operations"


def test_page_iterator_with_top_from_the_query_parameters(graph: Graph, recorder: Recorder) -> None:
    client = graph.beta()
    params = BetaComplianceOperations.OperationsRequestBuilderGetQueryParameters(top=10)
    first = graph.run(compliance(client).get(RequestConfiguration(query_parameters=params)))
    assert len(first.value) == 10 and first.odata_next_link
    ops = list_all(graph, client, first, CaseOperationCollectionResponse)
    assert [op.id for op in ops] == [compliance_op(i)["id"] for i in range(CASE_SIZE)]
    assert all(isinstance(op, CaseExportOperation) for op in ops)
    urls = [e.url for e in recorder.exchanges]
    assert len(urls) == 5  # 4 × 10 + 5
    assert "?%24top=10" in urls[0]  # Kiota's form of the option; the nextLinks carry it on
    assert all("$top=10&$skiptoken=" in u for u in urls[1:])


def test_page_iterator_on_the_v1_security_list(graph: Graph, recorder: Recorder) -> None:
    client = graph.v1()
    params = V1SecurityOperations.OperationsRequestBuilderGetQueryParameters(top=2)
    first = graph.run(security(client).get(RequestConfiguration(query_parameters=params)))
    ops = list_all(graph, client, first, V1Collection, V1ODataError)
    assert [op.id for op in ops] == ["sop-0", "sop-1", "sop-2"]  # pages of 2 and 1
    assert all(isinstance(op, V1SecurityExport) for op in ops)
    assert len(recorder.exchanges) == 2


def test_a_top_out_of_range_is_an_odata_error(graph: Graph, recorder: Recorder) -> None:
    params = BetaComplianceOperations.OperationsRequestBuilderGetQueryParameters(top=1001)
    with pytest.raises(ODataError) as caught:
        graph.run(compliance(graph.beta()).get(RequestConfiguration(query_parameters=params)))
    assert_graph_error(caught.value, 400, "BadRequest", recorder)
    assert "$top" in caught.value.error.message


# --- PATCH from model objects, If-Match, 412 ---------------------------------


def test_patch_from_a_model_with_if_match_then_the_stale_etag_is_412(graph: Graph, recorder: Recorder) -> None:
    item = compliance(graph.beta(), EDIT_CASE).by_case_operation_id("op-001")
    current = graph.run(item.get())
    etag = etag_of(current)
    patch = CaseExportOperation(
        description="reviewed", percent_progress=100, status=CaseOperationStatus.Succeeded
    )
    updated = graph.run(item.patch(patch, headers(If_Match=etag)))
    sent = recorder.exchanges[-1]
    assert sent.method == "PATCH" and sent.request_headers["if-match"] == etag
    assert sent.request_headers["content-type"] == "application/json"
    assert isinstance(updated, CaseExportOperation)
    assert (updated.description, updated.percent_progress, updated.status) == (
        "reviewed",
        100,
        CaseOperationStatus.Succeeded,
    )
    assert updated.output_name == current.output_name  # untouched members kept
    new_etag = etag_of(updated)
    assert new_etag != etag and new_etag == sent.response_headers["etag"]
    # A GET sees what the PATCH answered.
    again = graph.run(item.get())
    assert (again.description, etag_of(again)) == ("reviewed", new_etag)

    with pytest.raises(ODataError) as caught:
        graph.run(item.patch(CaseExportOperation(description="late"), headers(If_Match=etag)))
    assert_graph_error(caught.value, 412, "PreconditionFailed", recorder)
    assert graph.run(item.get()).description == "reviewed"  # nothing applied

    # If-Match: * matches any current version.
    last = graph.run(item.patch(CaseExportOperation(description="any"), headers(If_Match="*")))
    assert last.description == "any"


def test_patch_a_v1_security_operation_from_a_model(graph: Graph, recorder: Recorder) -> None:
    item = security(graph.v1(), SECURITY_EDIT_CASE).by_case_operation_id("sop-2")
    etag = etag_of(graph.run(item.get()))
    updated = graph.run(item.patch(V1SecurityExport(description="from v1", output_name="Renamed"), headers(If_Match=etag)))
    assert isinstance(updated, V1SecurityExport)
    assert (updated.description, updated.output_name) == ("from v1", "Renamed")
    with pytest.raises(V1ODataError) as caught:
        graph.run(item.patch(V1SecurityExport(description="late"), headers(If_Match=etag)))
    assert_graph_error(caught.value, 412, "PreconditionFailed", recorder)


def test_a_model_read_then_sent_back_whole_is_accepted(graph: Graph, recorder: Recorder) -> None:
    # The SDK's read-modify-write: the GET's object, one member changed, sent
    # back whole: its id, @odata.type, and the @odata.context and
    # @odata.etag annotations (kept in additional_data) go with it.
    # Python's datetime keeps microseconds, so createdDateTime goes back with
    # 6 fractional digits and "+00:00" (the metadata does not make it
    # read-only): the SDK's round trip drops the service's 7th digit.
    item = compliance(graph.beta(), EDIT_CASE).by_case_operation_id("op-002")
    op = graph.run(item.get())
    op.description = "round trip"
    sent = json.loads(item.to_patch_request_information(op).content)
    assert {"id", "@odata.type", "@odata.context", "@odata.etag", "createdDateTime"} <= sent.keys()
    assert sent["createdDateTime"] == "2024-05-03T09:02:31.472109+00:00"
    updated = graph.run(item.patch(op, headers(If_Match=etag_of(op))))
    assert updated.description == "round trip"
    assert updated.id == "op-002" and updated.output_name == compliance_op(2)["outputName"]
    assert etag_of(updated) != sent["@odata.etag"]


def test_flags_reach_the_server_through_additional_data(graph: Graph, recorder: Recorder) -> None:
    # Kiota 1.16's JSON writer drops a flags member set as a list of enum
    # members (it writes an enum only when the value is one member), so a
    # model cannot carry exportOptions; additional_data can.
    item = compliance(graph.beta(), EDIT_CASE).by_case_operation_id("op-003")
    dropped = item.to_patch_request_information(
        CaseExportOperation(export_options=[ExportOptions.OriginalFiles, ExportOptions.Text])
    )
    assert b"exportOptions" not in dropped.content
    patch = CaseExportOperation(additional_data={"exportOptions": "originalFiles,text"})
    updated = graph.run(item.patch(patch))
    assert updated.export_options == [ExportOptions.OriginalFiles, ExportOptions.Text]


# --- every error status, as ODataError ----------------------------------------


def test_a_wrong_token_is_401(graph: Graph, recorder: Recorder) -> None:
    with pytest.raises(ODataError) as caught:
        graph.run(compliance(graph.beta(token="not-the-token")).by_case_operation_id("op-000").get())
    assert_graph_error(caught.value, 401, "InvalidAuthenticationToken", recorder)
    with pytest.raises(V1ODataError) as caught_v1:
        graph.run(security(graph.v1(token="not-the-token")).get())
    assert_graph_error(caught_v1.value, 401, "InvalidAuthenticationToken", recorder)


@pytest.mark.parametrize(
    "what",
    ["unknown case", "unknown operation", "unknown case, list", "v1.0 unknown operation"],
)
def test_unknown_cases_and_operations_are_404(graph: Graph, recorder: Recorder, what: str) -> None:
    error: Any = ODataError
    if what == "unknown case":
        call = compliance(graph.beta(), "no-such-case").by_case_operation_id("op-000").get()
    elif what == "unknown operation":
        call = compliance(graph.beta()).by_case_operation_id("op-999").get()
    elif what == "unknown case, list":
        call = compliance(graph.beta(), "no-such-case").get()
    else:
        call = security(graph.v1()).by_case_operation_id("nope").get()
        error = V1ODataError
    with pytest.raises(error) as caught:
        graph.run(call)
    assert_graph_error(caught.value, 404, "itemNotFound", recorder)


def test_an_invalid_patch_is_400_with_details(graph: Graph, recorder: Recorder) -> None:
    item = compliance(graph.beta(), EDIT_CASE).by_case_operation_id("op-004")
    before = graph.run(item.get())
    patch = CaseExportOperation(percent_progress=101, description="x", additional_data={"colour": "red"})
    with pytest.raises(ODataError) as caught:
        graph.run(item.patch(patch))
    assert_graph_error(caught.value, 400, "BadRequest", recorder)
    details = sorted((d.code, d.target) for d in caught.value.error.details)
    assert details == [("outOfRange", "percentProgress"), ("unknownProperty", "colour")]
    assert all(d.message for d in caught.value.error.details)
    after = graph.run(item.get())  # all or nothing
    assert (after.description, etag_of(after)) == (before.description, etag_of(before))


def test_a_content_type_other_than_json_is_415(graph: Graph, recorder: Recorder) -> None:
    # A Content-Type set in the request configuration wins over Kiota's.
    item = compliance(graph.beta(), EDIT_CASE).by_case_operation_id("op-005")
    with pytest.raises(ODataError) as caught:
        graph.run(item.patch(CaseExportOperation(description="x"), headers(Content_Type="text/plain")))
    assert recorder.exchanges[-1].request_headers["content-type"] == "text/plain"
    assert_graph_error(caught.value, 415, "UnsupportedMediaType", recorder)


def test_delete_is_405(graph: Graph, recorder: Recorder) -> None:
    item = compliance(graph.beta(), EDIT_CASE).by_case_operation_id("op-006")
    with pytest.raises(ODataError) as caught:
        graph.run(item.delete())
    assert_graph_error(caught.value, 405, "MethodNotAllowed", recorder)
    assert recorder.exchanges[-1].response_headers["allow"] == "GET, PATCH"
    assert graph.run(item.get()).id == "op-006"


# --- issue 22: query options, $count, casts, innerError -------------------------


def query(**values: Any) -> RequestConfiguration[Any]:
    return RequestConfiguration(query_parameters=BetaComplianceOperations.OperationsRequestBuilderGetQueryParameters(**values))


def test_filter_on_the_list(graph: Graph) -> None:
    page = graph.run(compliance(graph.beta()).get(query(filter="status eq 'running' and percentProgress ge 50")))
    expected = [
        op["id"]
        for op in map(compliance_op, range(CASE_SIZE))
        if op["status"] == "running" and op["percentProgress"] >= 50
    ]
    assert expected and [op.id for op in page.value] == expected


def test_filter_with_startswith_and_flags(graph: Graph) -> None:
    # description and exportOptions are the export type's, not the base
    # caseOperation's: the cast segment reaches them, as in OData.
    config = query(
        filter="startswith(description,'export 1') and exportOptions has microsoft.graph.ediscovery.exportOptions'tags'",
        top=1000,
    )
    page = graph.run(compliance(graph.beta()).microsoft_graph_ediscovery_case_export_operation.get(config))
    expected = [
        op["id"]
        for op in map(compliance_op, range(CASE_SIZE))
        if op["description"].startswith("export 1") and "tags" in op["exportOptions"].split(",")
    ]
    assert expected and [op.id for op in page.value] == expected


def test_a_derived_property_without_a_cast_is_a_400(graph: Graph, recorder: Recorder) -> None:
    with pytest.raises(ODataError) as caught:
        graph.run(compliance(graph.beta()).get(query(filter="startswith(description,'export')")))
    assert_graph_error(caught.value, 400, "BadRequest", recorder)
    assert caught.value.error.message == (
        "Invalid $filter clause: Could not find a property named 'description' on type "
        "'microsoft.graph.ediscovery.caseOperation'."
    )


def test_orderby_on_the_list(graph: Graph) -> None:
    page = graph.run(compliance(graph.beta()).get(query(orderby=["percentProgress desc", "id"], top=1000)))
    ops = sorted(map(compliance_op, range(CASE_SIZE)), key=lambda op: (-op["percentProgress"], op["id"]))
    assert [op.id for op in page.value] == [op["id"] for op in ops]


def test_select_on_the_list(graph: Graph) -> None:
    page = graph.run(compliance(graph.beta()).get(query(select=["id", "status"], top=5)))
    assert page.additional_data["@odata.context"].endswith("/operations(id,status)")
    assert [(op.id, op.status, op.description) for op in page.value] == [
        (f"op-{i:03d}", CaseOperationStatus(compliance_op(i)["status"]), None) for i in range(5)
    ]


def test_select_on_one_operation(graph: Graph) -> None:
    params = BetaComplianceOperation.CaseOperationItemRequestBuilderGetQueryParameters(select=["id", "percentProgress"])
    op = graph.run(compliance(graph.beta()).by_case_operation_id("op-010").get(RequestConfiguration(query_parameters=params)))
    assert (op.id, op.percent_progress) == ("op-010", compliance_op(10)["percentProgress"])
    # Only the selected members come back.
    assert getattr(op, "description", None) is None and op.status is None


def test_count_true_and_skip_on_the_list(graph: Graph) -> None:
    page = graph.run(compliance(graph.beta()).get(query(count=True, skip=40, top=3)))
    assert page.additional_data.get("@odata.count") == CASE_SIZE or getattr(page, "odata_count", None) == CASE_SIZE
    assert [op.id for op in page.value] == [f"op-{i:03d}" for i in range(40, 43)]


@pytest.mark.parametrize("version", ["beta compliance", "v1.0 security"])
def test_dollar_count_segment(graph: Graph, version: str) -> None:
    if version == "beta compliance":
        count = graph.run(compliance(graph.beta()).count.get())
        assert count == CASE_SIZE
    else:
        count = graph.run(security(graph.v1()).count.get())
        assert count == 3


def test_cast_segment_on_one_operation(graph: Graph) -> None:
    item = compliance(graph.beta()).by_case_operation_id("op-011").microsoft_graph_ediscovery_case_export_operation
    op = graph.run(item.get())
    assert isinstance(op, CaseExportOperation) and op.id == "op-011"


def test_cast_segment_on_the_list(graph: Graph) -> None:
    page = graph.run(compliance(graph.beta()).microsoft_graph_ediscovery_case_export_operation.get())
    assert [op.id for op in page.value][:3] == ["op-000", "op-001", "op-002"]
    # The security list's cast (the SDK has no builder for it: with_url).
    url = f"{graph.server.url}/v1.0/security/cases/ediscoveryCases/{SECURITY_CASE}/operations/microsoft.graph.security.ediscoveryExportOperation"
    listed = graph.run(security(graph.v1()).with_url(url).get())
    assert [op.id for op in listed.value] == ["sop-0", "sop-1", "sop-2"]


def test_inner_error_carries_a_client_request_id(graph: Graph, recorder: Recorder) -> None:
    # msgraph-core sends client-request-id only to Graph's own hosts, so
    # none reaches the emulator; Graph then answers with a generated one,
    # in the header and in innerError alike.
    with pytest.raises(ODataError) as caught:
        graph.run(compliance(graph.beta()).by_case_operation_id("op-999").get())
    answer = recorder.exchanges[-1]
    assert "client-request-id" not in answer.request_headers
    inner = caught.value.error.inner_error
    assert inner.client_request_id and inner.client_request_id == answer.response_headers["client-request-id"]


def test_a_client_request_id_sent_is_echoed(graph: Graph, recorder: Recorder) -> None:
    with pytest.raises(ODataError) as caught:
        graph.run(compliance(graph.beta()).by_case_operation_id("op-999").get(headers(client_request_id="my-id-1")))
    assert recorder.exchanges[-1].response_headers["client-request-id"] == "my-id-1"
    assert caught.value.error.inner_error.client_request_id == "my-id-1"
