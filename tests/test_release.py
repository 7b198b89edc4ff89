"""A release: its version and changelog, and what makes its package the same for the same source.

The package itself is built and compared byte for byte in test_package.py.
"""

import calendar
import importlib.metadata
import re
import zipfile
from io import BytesIO
from pathlib import Path

import package
import pytest
from cfn_project import ROOT, type_version
from packaging.markers import default_environment
from packaging.requirements import Requirement

import aws_cognito_userpoolclient

RUNTIME_ROOT = "cloudformation-cli-python-lib"
# Where the package runs: Lambda's python3.12 on Linux (environment markers are read for it).
LAMBDA: dict[str, str] = {
    **{key: str(value) for key, value in default_environment().items()},
    "python_version": "3.12",
    "sys_platform": "linux",
    "extra": "",
}


def pinned(path: Path) -> dict[str, str]:
    """The `name==version` lines of a requirements or constraints file, by normalized name."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", line
            pins[normalized(requirement.name)] = specifier.version
    return pins


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure() -> set[str]:
    """Every distribution the handler's runtime dependencies need, as Lambda's Python reads them."""
    needed, todo = set(), [RUNTIME_ROOT, "boto3", "botocore"]
    while todo:
        name = normalized(todo.pop())
        if name in needed:
            continue
        needed.add(name)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(LAMBDA):
                todo.append(requirement.name)
    return needed


def test_every_runtime_dependency_is_pinned_to_the_version_the_tests_run_with() -> None:
    # `cfn submit` installs requirements.txt with --upgrade and no constraints: an unpinned
    # dependency of a dependency would float from one build to the next.
    pins = pinned(ROOT / "requirements.txt")
    assert set(pins) == runtime_closure()
    for name, version in pins.items():
        assert importlib.metadata.version(name) == version, name
    constraints = pinned(ROOT / "constraints.txt")
    assert {n: v for n, v in pins.items() if n in constraints} == {
        n: constraints[n] for n in pins if n in constraints
    }


def test_the_version_is_semantic_one_place_and_the_changelog_says_what_it_changed() -> None:
    version = aws_cognito_userpoolclient.__version__
    # publish-type --public-version-number: MAJOR.MINOR.PATCH, at least 1.0.0
    assert re.fullmatch(r"[1-9]\d*\.\d+\.\d+", version)
    assert type_version() == version  # what make package and make register print
    changelog = (ROOT / "CHANGELOG.md").read_text()
    releases = re.findall(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)$", changelog, re.MULTILINE)
    assert releases[0][0] == version  # newest first, and it is this one
    assert [r[1] for r in releases] == sorted((r[1] for r in releases), reverse=True)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, (1980, 1, 1, 0, 0, 0)),
        ("", (1980, 1, 1, 0, 0, 0)),
        ("0", (1980, 1, 1, 0, 0, 0)),  # before what a zip can hold: its earliest
        ("1765027800", (2025, 12, 6, 13, 30, 0)),
        (str(calendar.timegm((2200, 1, 1, 0, 0, 0, 0, 0, 0))), (2107, 12, 31, 23, 59, 58)),
        ("99999999999999999999", (2107, 12, 31, 23, 59, 58)),
    ],
)
def test_entries_take_source_date_epoch_clamped_to_what_a_zip_can_hold(
    monkeypatch: pytest.MonkeyPatch, given: str | None, expected: tuple[int, ...]
) -> None:
    if given is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
    assert package.entry_time() == expected
    (entry,) = zipfile.ZipFile(BytesIO(package.zipped([("a.py", b"x")]))).infolist()
    assert entry.date_time[:5] == expected[:5]


@pytest.mark.parametrize("given", ["yesterday", "-5", "1.5"])
def test_a_source_date_epoch_that_is_no_time_is_refused(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
    with pytest.raises(SystemExit, match="is not a whole number of seconds since 1970"):
        package.entry_time()


def test_entries_are_in_name_order_with_one_mode_whatever_order_they_come_in() -> None:
    entries = [("b/x.py", b"1"), ("a.py", b"2"), ("b/a.py", b"3")]
    first, second = package.zipped(entries), package.zipped(reversed(entries))
    assert first == second
    listed = zipfile.ZipFile(BytesIO(first)).infolist()
    assert [entry.filename for entry in listed] == ["a.py", "b/a.py", "b/x.py"]
    assert {entry.external_attr >> 16 for entry in listed} == {0o100644}
    assert {entry.create_system for entry in listed} == {3}
