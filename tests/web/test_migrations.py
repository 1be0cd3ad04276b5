"""The models and the committed migrations agree, on any machine.

A field that records a machine's path (a storage location, say) in its
migration makes every other checkout see a pending migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(settings, tmp_path):
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "elsewhere")  # as on another machine
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit as exit:
        pytest.fail(f"有模型改动没有迁移文件（makemigrations --check 退出码 {exit.code}）")
