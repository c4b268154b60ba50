"""The commit that last touched each content file (the history pages' audit column):
from git where the content is in a repository, nothing (and no git process) where not."""

import subprocess

from refsite.publishing import gitinfo

from .factories import calls_to


def _git(folder, *args):
    return subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
         "-c", "commit.gpgsign=false", *args],
        cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


def _repository(tmp_path):
    """A repository holding content/ in a subfolder, two commits: both files, then
    one of them changed."""
    content = tmp_path / "site" / "content"
    (content / "monographs").mkdir(parents=True)
    _git(tmp_path / "site", "init", "--quiet")
    (content / "monographs" / "alpha.md").write_text("one\n")
    (content / "monographs" / "beta.md").write_text("one\n")
    _git(tmp_path / "site", "add", ".")
    _git(tmp_path / "site", "commit", "--quiet", "-m", "Add alpha and beta")
    first = _git(tmp_path / "site", "rev-parse", "HEAD")
    (content / "monographs" / "beta.md").write_text("two\n")
    _git(tmp_path / "site", "commit", "--quiet", "-am", "Reword beta")
    second = _git(tmp_path / "site", "rev-parse", "HEAD")
    return content, first, second


def test_each_file_gets_the_last_commit_that_touched_it(tmp_path):
    content, first, second = _repository(tmp_path)
    commits = gitinfo.last_commits(content)
    monographs = content.resolve() / "monographs"
    assert commits == {str(monographs / "alpha.md"): (first, "Add alpha and beta"),
                       str(monographs / "beta.md"): (second, "Reword beta")}


def test_content_outside_any_repository_has_no_commits_and_starts_no_git(
        tmp_path, monkeypatch):
    content = tmp_path / "content"
    (content / "monographs").mkdir(parents=True)
    (content / "monographs" / "alpha.md").write_text("one\n")
    monkeypatch.delenv("GIT_DIR", raising=False)
    started = calls_to(monkeypatch, subprocess, "run", lambda *args, **kwargs: args[0])
    assert gitinfo.last_commits(content) == {}
    assert started == []


def test_git_dir_in_the_environment_is_asked_even_without_a_git_folder(
        tmp_path, monkeypatch):
    content, _, second = _repository(tmp_path)
    elsewhere = tmp_path / "repository.git"
    (tmp_path / "site" / ".git").rename(elsewhere)
    monkeypatch.setenv("GIT_DIR", str(elsewhere))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "site"))
    commits = gitinfo.last_commits(content)
    assert commits[str(content.resolve() / "monographs" / "beta.md")][0] == second
