"""The API schema stays valid and warning-free, and lists the conversations API."""

from __future__ import annotations

from django.core.management import call_command


def test_the_schema_validates_without_warnings(db, tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", validate=True, fail_on_warn=True, file=str(target))

    schema = target.read_text()
    for path in [
        "/api/v1/groups/{group_slug}/conversations/:",
        "/api/v1/conversations/{conversation_id}/:",
        "/api/v1/conversations/{conversation_id}/messages/:",
        "/api/v1/conversations/{conversation_id}/read/:",
        "/api/v1/messages/{message_id}/:",
        "/api/v1/messages/{message_id}/versions/:",
        "/api/v1/messages/{message_id}/reactions/{kind}/:",
        "/api/v1/me/muted/:",
        "/api/v1/me/muted/{display_name}/:",
        "/api/v1/me/blocked/:",
        "/api/v1/me/blocked/{display_name}/:",
    ]:
        assert path in schema


def test_a_signed_in_member_can_fetch_the_schema(alice, charlie, api_as):
    response = api_as(alice).get("/api/v1/schema/")

    assert response.status_code == 200
    assert "/api/v1/conversations/{conversation_id}/messages/:" in response.content.decode()
