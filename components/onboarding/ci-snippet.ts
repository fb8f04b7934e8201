/** The copy-paste CI step shown at onboarding: curl needs nothing installed on the runner. */
export function ciSnippet(baseUrl: string): string {
  return [
    "# after the test step; runs even when tests failed",
    "curl --fail-with-body -sS \\",
    '  -H "Authorization: Bearer $GREENBOARD_TOKEN" \\',
    '  -F runKey="$CI_PIPELINE_ID" -F branch="$CI_COMMIT_BRANCH" -F commit="$CI_COMMIT_SHA" \\',
    "  -F completed=true \\",
    "  -F files=@reports/junit.xml \\",
    `  ${baseUrl.replace(/\/$/, "")}/api/v1/runs`,
  ].join("\n");
}
