import { describe, expect, test } from "vitest";
import { detectCiRun } from "./ci-env";

describe("detectCiRun", () => {
  test.each([
    ["no CI", {}, null],
    [
      "GitHub Actions, push",
      { GITHUB_ACTIONS: "true", GITHUB_RUN_ID: "9001", GITHUB_RUN_ATTEMPT: "2", GITHUB_REF_NAME: "main", GITHUB_HEAD_REF: "", GITHUB_SHA: "abc", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/api" },
      { provider: "github-actions", runKey: "9001-2", branch: "main", commit: "abc", ciUrl: "https://github.com/acme/api/actions/runs/9001" },
    ],
    [
      "GitHub Actions, pull request",
      { GITHUB_ACTIONS: "true", GITHUB_RUN_ID: "9002", GITHUB_REF_NAME: "17/merge", GITHUB_HEAD_REF: "feature/x", GITHUB_SHA: "def", GITHUB_REPOSITORY: "acme/api" },
      { provider: "github-actions", runKey: "9002-1", branch: "feature/x", commit: "def", ciUrl: "https://github.com/acme/api/actions/runs/9002" },
    ],
    [
      "GitLab",
      { GITLAB_CI: "true", CI_PIPELINE_ID: "555", CI_COMMIT_REF_NAME: "develop", CI_COMMIT_SHA: "123", CI_PIPELINE_URL: "https://gitlab.com/acme/api/-/pipelines/555" },
      { provider: "gitlab", runKey: "555", branch: "develop", commit: "123", ciUrl: "https://gitlab.com/acme/api/-/pipelines/555" },
    ],
    [
      "Jenkins with the Git plugin",
      { JENKINS_URL: "https://ci.acme/", BUILD_TAG: "jenkins-api-42", BUILD_NUMBER: "42", GIT_BRANCH: "origin/main", GIT_COMMIT: "456", BUILD_URL: "https://ci.acme/job/api/42/" },
      { provider: "jenkins", runKey: "jenkins-api-42", branch: "main", commit: "456", ciUrl: "https://ci.acme/job/api/42/" },
    ],
    [
      "CircleCI",
      { CIRCLECI: "true", CIRCLE_WORKFLOW_ID: "wf-1", CIRCLE_BUILD_NUM: "7", CIRCLE_BRANCH: "main", CIRCLE_SHA1: "789", CIRCLE_BUILD_URL: "https://circleci.com/gh/acme/api/7" },
      { provider: "circleci", runKey: "wf-1", branch: "main", commit: "789", ciUrl: "https://circleci.com/gh/acme/api/7" },
    ],
    [
      "Buildkite",
      { BUILDKITE: "true", BUILDKITE_BUILD_ID: "bk-1", BUILDKITE_BRANCH: "main", BUILDKITE_COMMIT: "0ab", BUILDKITE_BUILD_URL: "https://buildkite.com/acme/api/builds/3" },
      { provider: "buildkite", runKey: "bk-1", branch: "main", commit: "0ab", ciUrl: "https://buildkite.com/acme/api/builds/3" },
    ],
    [
      "Azure Pipelines, CI build",
      {
        TF_BUILD: "True",
        BUILD_BUILDID: "1234",
        SYSTEM_JOBATTEMPT: "1",
        BUILD_SOURCEBRANCH: "refs/heads/main",
        BUILD_SOURCEVERSION: "fed",
        SYSTEM_COLLECTIONURI: "https://dev.azure.com/acme/",
        SYSTEM_TEAMPROJECT: "Payments API",
      },
      { provider: "azure-pipelines", runKey: "1234-1", branch: "main", commit: "fed", ciUrl: "https://dev.azure.com/acme/Payments%20API/_build/results?buildId=1234" },
    ],
    [
      "Azure Pipelines, pull request, re-run job",
      {
        TF_BUILD: "True",
        BUILD_BUILDID: "1235",
        SYSTEM_JOBATTEMPT: "2",
        BUILD_SOURCEBRANCH: "refs/pull/17/merge",
        SYSTEM_PULLREQUEST_SOURCEBRANCH: "refs/heads/feature/x",
        BUILD_SOURCEVERSION: "cab",
      },
      { provider: "azure-pipelines", runKey: "1235-2", branch: "feature/x", commit: "cab" },
    ],
  ])("%s", (_label, env: Record<string, string>, expected) => {
    expect(detectCiRun(env)).toEqual(expected);
  });
});
