from __future__ import annotations

from pathlib import Path

import pytest

from checker import config
from checker.cli import CONFIGURABLE
from checker.errors import CheckerError

from .test_cli import run


def test_yaml_file_wins_over_pyproject_and_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.checker]\nfail-on = 'warning'\n", encoding="utf-8"
    )
    sub = tmp_path / "articles"
    sub.mkdir()
    assert config.find(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "checker.yaml").write_text("fail_on: info\n", encoding="utf-8")
    found = config.find(sub)
    assert found == tmp_path / "checker.yaml"
    assert config.load(found, CONFIGURABLE) == {"fail_on": "info"}


def test_pyproject_without_the_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert config.find(tmp_path) != tmp_path / "pyproject.toml"


def test_unknown_keys_are_named_with_the_valid_ones(tmp_path: Path) -> None:
    path = tmp_path / "checker.yaml"
    path.write_text("fail-on: error\nthreshold: 0.5\n", encoding="utf-8")
    with pytest.raises(
        CheckerError, match=r"unknown setting 'threshold'; valid settings are: .*cluster-threshold"
    ):
        config.load(path, CONFIGURABLE)


def test_cli_reports_a_bad_config_as_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "checker.yaml").write_text("colour: red\n", encoding="utf-8")
    result = run("compare", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "unknown setting 'colour'" in result.stderr


def test_a_bad_value_in_the_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "checker.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Kim said no summit will happen.\n", encoding="utf-8")
    result = run("compare", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "sometimes" in result.stderr
