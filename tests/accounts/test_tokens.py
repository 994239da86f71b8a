"""API tokens: shown once, stored only as a hash, refused when expired, revoked or the user is inactive."""

import datetime
import hashlib

import pytest
from django.conf import settings
from django.utils import timezone

from quanlyhoi.accounts.models import ApiToken
from quanlyhoi.accounts.services import token_create, token_revoke, token_user
from quanlyhoi.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_returned_once_and_stored_only_as_a_hash(personas):
    user = personas["province_officer"]
    token, raw = token_create(user=user)
    assert len(raw) >= 40
    row = ApiToken.objects.get(pk=token.pk)
    assert row.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert row.prefix == raw[:8]
    assert raw not in {str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()}
    expected = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    assert abs((row.expires_at - expected).total_seconds()) < 60
    second_token, second = token_create(user=user)
    assert second != raw and second_token.key_hash != token.key_hash


def test_token_user_accepts_a_valid_token_and_notes_its_use(personas):
    user = personas["province_officer"]
    token, raw = token_create(user=user)
    assert token_user(raw) == user
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert token_user(raw + "x") is None
    assert token_user("") is None


def test_expired_token_is_refused(personas):
    token, raw = token_create(user=personas["province_officer"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert token_user(raw) is None


def test_revoked_token_is_refused(personas):
    user = personas["province_officer"]
    token, raw = token_create(user=user)
    token_revoke(user=user, raw=raw)
    assert ApiToken.objects.get(pk=token.pk).revoked
    assert token_user(raw) is None
    with pytest.raises(DomainError) as info:
        token_revoke(user=user, raw=raw)
    assert info.value.code == "not_found"


def test_another_users_token_cannot_be_revoked(personas):
    token, raw = token_create(user=personas["province_officer"])
    with pytest.raises(DomainError):
        token_revoke(user=personas["commune_officer"], raw=raw)
    assert token_user(raw) == personas["province_officer"]


def test_token_of_an_inactive_user_is_refused(personas):
    user = personas["province_officer"]
    _token, raw = token_create(user=user)
    user.is_active = False
    user.save()
    assert token_user(raw) is None
