using System.Globalization;
using Hangfire;
using Hangfire.States;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// Where a cohort's timetable job is: "idle" (none known), "queued", "running" (with a percentage), "done",
/// "conflict" (a conflict report was stored instead), "skipped" (the cohort is gone or cancelled) or "failed".
/// After a run that replaced an existing, different timetable, <see cref="Regenerated"/> is true and
/// <see cref="ReplacedChanges"/> counts the sessions staff had moved, cancelled or re-staffed by hand.
/// </summary>
public sealed record TimetableStatusView(
    int CohortId, string State, int Progress, DateTimeOffset? UpdatedAt, bool Regenerated, int ReplacedChanges)
{
    public bool InProgress => State is "queued" or "running";
}

/// <summary>
/// Keeps each cohort's timetable-job status in a small hash of Hangfire's storage (timetable-status:{cohortId}), which
/// every storage provider has and which needs no table of ours. The hash is written when the job is enqueued, as it
/// runs and when it ends; a reader checks the Hangfire job itself so a job that failed is not shown as running.
/// </summary>
[FeatureService]
public sealed class TimetableProgress(JobStorage storage, TimeProvider clock)
{
    private static string Key(int cohortId) => $"timetable-status:{cohortId}";

    public void Queued(int cohortId) => Set(cohortId, new() { ["state"] = "queued", ["progress"] = "0", ["jobId"] = "" });

    public void Enqueued(int cohortId, string jobId) => Set(cohortId, new() { ["jobId"] = jobId });

    public void Running(int cohortId, int percent) =>
        Set(cohortId, new() { ["state"] = "running", ["progress"] = percent.ToString(CultureInfo.InvariantCulture) });

    public void Finished(int cohortId, string state, bool regenerated = false, int replacedChanges = 0) => Set(cohortId, new()
    {
        ["state"] = state,
        ["progress"] = "100",
        ["regenerated"] = regenerated ? "true" : "false",
        ["replacedChanges"] = replacedChanges.ToString(CultureInfo.InvariantCulture),
    });

    public TimetableStatusView Read(int cohortId)
    {
        using var connection = storage.GetConnection();
        var hash = connection.GetAllEntriesFromHash(Key(cohortId));
        if (hash is null || !hash.TryGetValue("state", out var state)) return new TimetableStatusView(cohortId, "idle", 0, null, false, 0);
        if (state is "queued" or "running" && hash.GetValueOrDefault("jobId") is { Length: > 0 } jobId)
        {
            // A retry waits in the Scheduled state; a job that gave up is Failed (or Deleted by hand).
            var jobState = connection.GetJobData(jobId)?.State;
            if (jobState is null || jobState == FailedState.StateName || jobState == DeletedState.StateName) state = "failed";
            else if (jobState == ScheduledState.StateName || jobState == EnqueuedState.StateName || jobState == AwaitingState.StateName) state = "queued";
        }
        return new TimetableStatusView(
            cohortId, state,
            int.TryParse(hash.GetValueOrDefault("progress"), CultureInfo.InvariantCulture, out var p) ? p : 0,
            DateTimeOffset.TryParse(hash.GetValueOrDefault("updatedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            hash.GetValueOrDefault("regenerated") == "true",
            int.TryParse(hash.GetValueOrDefault("replacedChanges"), CultureInfo.InvariantCulture, out var r) ? r : 0);
    }

    private void Set(int cohortId, Dictionary<string, string> values)
    {
        values["updatedAt"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(Key(cohortId), values);
    }
}
