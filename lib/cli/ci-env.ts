// Run metadata from the CI system's own environment variables, so `greenboard upload` needs no
// flags in a pipeline. The run key is the id every parallel job of one pipeline shares, so the
// shards of one pipeline land in one run.

export interface CiRun {
  provider: "github-actions" | "gitlab" | "jenkins" | "circleci" | "buildkite" | "azure-pipelines";
  runKey?: string;
  branch?: string;
  commit?: string;
  ciUrl?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return undefined;
}

function withoutUndefined(run: CiRun): CiRun {
  return Object.fromEntries(Object.entries(run).filter(([, v]) => v !== undefined)) as CiRun;
}

/** The CI system this process runs in and what it says about the run; null outside CI. */
export function detectCiRun(env: Env): CiRun | null {
  if (env.GITHUB_ACTIONS === "true" || env.GITHUB_RUN_ID) {
    const runId = value(env, "GITHUB_RUN_ID");
    const server = value(env, "GITHUB_SERVER_URL") ?? "https://github.com";
    const repository = value(env, "GITHUB_REPOSITORY");
    return withoutUndefined({
      provider: "github-actions",
      // A re-run is a new attempt with the same run id: a new Greenboard run.
      runKey: runId ? `${runId}-${value(env, "GITHUB_RUN_ATTEMPT") ?? "1"}` : undefined,
      // Pull requests: GITHUB_REF_NAME is `<n>/merge`; the head branch is what people recognise.
      branch: value(env, "GITHUB_HEAD_REF", "GITHUB_REF_NAME"),
      commit: value(env, "GITHUB_SHA"),
      ciUrl: runId && repository ? `${server.replace(/\/+$/, "")}/${repository}/actions/runs/${runId}` : undefined,
    });
  }
  if (env.GITLAB_CI === "true" || env.CI_PIPELINE_ID) {
    return withoutUndefined({
      provider: "gitlab",
      runKey: value(env, "CI_PIPELINE_ID"),
      branch: value(env, "CI_COMMIT_REF_NAME", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
      commit: value(env, "CI_COMMIT_SHA"),
      ciUrl: value(env, "CI_PIPELINE_URL"),
    });
  }
  if (env.CIRCLECI === "true") {
    return withoutUndefined({
      provider: "circleci",
      // Parallel jobs of one workflow share the workflow id.
      runKey: value(env, "CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_NUM"),
      branch: value(env, "CIRCLE_BRANCH"),
      commit: value(env, "CIRCLE_SHA1"),
      ciUrl: value(env, "CIRCLE_BUILD_URL"),
    });
  }
  if (env.BUILDKITE === "true") {
    return withoutUndefined({
      provider: "buildkite",
      runKey: value(env, "BUILDKITE_BUILD_ID"),
      branch: value(env, "BUILDKITE_BRANCH"),
      commit: value(env, "BUILDKITE_COMMIT"),
      ciUrl: value(env, "BUILDKITE_BUILD_URL"),
    });
  }
  if (env.TF_BUILD?.toLowerCase() === "true") {
    const buildId = value(env, "BUILD_BUILDID");
    const collection = value(env, "SYSTEM_COLLECTIONURI");
    const project = value(env, "SYSTEM_TEAMPROJECT");
    return withoutUndefined({
      provider: "azure-pipelines",
      // All jobs of a build share BUILD_BUILDID; re-running failed jobs gives them a new attempt: a
      // new Greenboard run, as with GitHub Actions' run attempt.
      runKey: buildId ? `${buildId}-${value(env, "SYSTEM_JOBATTEMPT") ?? "1"}` : undefined,
      // Pull requests build a merge ref (`refs/pull/17/merge`); the source branch is what people recognise.
      branch: value(env, "SYSTEM_PULLREQUEST_SOURCEBRANCH", "BUILD_SOURCEBRANCH")?.replace(/^refs\/heads\//, ""),
      commit: value(env, "BUILD_SOURCEVERSION"),
      ciUrl:
        buildId && collection && project
          ? `${collection.replace(/\/+$/, "")}/${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(buildId)}`
          : undefined,
    });
  }
  if (env.JENKINS_URL || env.BUILD_TAG?.startsWith("jenkins-")) {
    return withoutUndefined({
      provider: "jenkins",
      runKey: value(env, "BUILD_TAG", "BUILD_NUMBER"),
      // The Git plugin reports `origin/main`; multibranch pipelines set BRANCH_NAME.
      branch: value(env, "BRANCH_NAME", "GIT_BRANCH")?.replace(/^origin\//, ""),
      commit: value(env, "GIT_COMMIT"),
      ciUrl: value(env, "BUILD_URL"),
    });
  }
  return null;
}
