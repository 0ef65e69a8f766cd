"""`village test`'s dependency audit: known vulnerabilities fail the run unless accepted with a reason,
and an audit service that cannot be reached is reported without failing it."""

import pytest

from village import cli

PIP_REPORT = {
    "dependencies": [
        {"name": "aiohttp", "version": "3.9.0", "vulns": [
            {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2024-0001"], "fix_versions": ["3.9.2"]},
        ]},
        {"name": "litestar", "version": "2.25.0", "vulns": []},
        {"name": "village", "skip_reason": "Dependency not found on PyPI and could not be audited: village (0.1.0)"},
    ]
}  # fmt: skip
NPM_REPORT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "preact": {
            "severity": "high",
            "via": [{"source": 1099, "name": "preact", "title": "XSS in render", "range": "<10.29.9",
                     "url": "https://github.com/advisories/GHSA-dddd-eeee-ffff"}],
        },
        "preact-iso": {"severity": "high", "via": ["preact"]},
    },
}  # fmt: skip


def test_pip_audit_findings_carry_the_aliases_and_the_fix():
    [finding] = cli.pip_audit_findings(PIP_REPORT)
    assert finding.ids == ("GHSA-aaaa-bbbb-cccc", "CVE-2024-0001")
    assert finding.line() == "aiohttp 3.9.0  GHSA-aaaa-bbbb-cccc / CVE-2024-0001; fixed in 3.9.2"


def test_a_pip_audit_report_that_audited_nothing_is_not_a_clean_bill():
    skipped = {"dependencies": [{"name": "a", "skip_reason": "Dependency not found on PyPI"}] * 3}
    with pytest.raises(cli.AuditUnavailable, match="none of 3 packages"):
        cli.pip_audit_findings(skipped)


def test_npm_audit_findings_name_the_advisory_not_the_path_it_came_through():
    [finding] = cli.npm_audit_findings(NPM_REPORT)
    assert (finding.package, finding.ids, finding.title) == ("preact", ("GHSA-dddd-eeee-ffff",), "XSS in render")


def test_an_npm_audit_endpoint_error_is_unavailable():
    with pytest.raises(cli.AuditUnavailable, match="405 Method Not Allowed"):
        cli.npm_audit_findings({"message": "405 Method Not Allowed - POST …/advisories/bulk", "statusCode": 405})


def _use(monkeypatch, python, pwa):
    monkeypatch.setattr(cli, "_python_audit", python)
    monkeypatch.setattr(cli, "_pwa_audit", pwa)


def _unavailable():
    raise cli.AuditUnavailable("no answer within 90 s")


def test_a_known_vulnerability_fails_the_run_and_is_listed(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "AUDIT_IGNORE", tmp_path / "audit-ignore.toml")
    _use(monkeypatch, lambda: cli.pip_audit_findings(PIP_REPORT), lambda: cli.npm_audit_findings(NPM_REPORT))
    assert cli.dependency_audit() == 1
    out = capsys.readouterr().out
    assert "Python packages (pip-audit): 1 known vulnerability:" in out
    assert "aiohttp 3.9.0  GHSA-aaaa-bbbb-cccc" in out
    assert "preact <10.29.9  GHSA-dddd-eeee-ffff" in out


def test_a_vulnerability_accepted_with_a_reason_passes(monkeypatch, tmp_path, capsys):
    ignore = tmp_path / "audit-ignore.toml"
    ignore.write_text(
        '[[ignore]]\nid = "cve-2024-0001"\nreason = "we never use aiohttp\'s server"\n'
        '[[ignore]]\nid = "GHSA-dddd-eeee-ffff"\nreason = "we never render untrusted HTML"\n'
    )
    monkeypatch.setattr(cli, "AUDIT_IGNORE", ignore)
    _use(monkeypatch, lambda: cli.pip_audit_findings(PIP_REPORT), lambda: cli.npm_audit_findings(NPM_REPORT))
    assert cli.dependency_audit() == 0
    assert "accepted in audit-ignore.toml: aiohttp 3.9.0" in capsys.readouterr().out


def test_an_ignore_without_a_reason_is_refused(monkeypatch, tmp_path):
    ignore = tmp_path / "audit-ignore.toml"
    ignore.write_text('[[ignore]]\nid = "CVE-2024-0001"\nreason = ""\n')
    monkeypatch.setattr(cli, "AUDIT_IGNORE", ignore)
    with pytest.raises(cli.Fail, match="needs one"):
        cli.dependency_audit()


def test_an_unreachable_audit_service_is_reported_and_does_not_fail(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "AUDIT_IGNORE", tmp_path / "audit-ignore.toml")
    _use(monkeypatch, _unavailable, _unavailable)
    assert cli.dependency_audit() == 0
    out = capsys.readouterr().out
    assert "audit: Python packages (pip-audit): could not run: no answer within 90 s" in out
    assert "audit: PWA packages (npm audit --omit=dev): could not run: no answer within 90 s" in out


def test_the_checked_in_ignore_file_reads():
    assert all(reason for reason in cli.audit_ignores().values())
