using System.ComponentModel.DataAnnotations;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.CandidateResults;

/// <summary>The "Results" section: how long released results stay posted and how long reviews may be requested.</summary>
public sealed class ResultsOptions
{
    /// <summary>The working days released results stay posted (公示) before anyone of the session may be certified.</summary>
    [Range(1, 30)]
    public int PostingWorkingDays { get; set; } = 5;

    /// <summary>The working days, from the day of release, in which a candidate may request a review (复核) of a score.</summary>
    [Range(1, 30)]
    public int ReviewWindowWorkingDays { get; set; } = 5;
}

/// <summary>The posting and the review window of a release, both counted from its Beijing date on the national calendar.</summary>
public static class ResultDates
{
    public static DateOnly ReleasedOn(DateTimeOffset releasedAt) => DateOnly.FromDateTime(releasedAt.InChina().DateTime);

    public static ResultPosting Posting(this ResultsOptions options, DateTimeOffset releasedAt, StatutoryCalendar calendar) =>
        ResultPosting.Starting(ReleasedOn(releasedAt), options.PostingWorkingDays, calendar);

    public static ReviewWindow ReviewWindow(this ResultsOptions options, DateTimeOffset releasedAt, StatutoryCalendar calendar) =>
        Domain.Results.ReviewWindow.Starting(ReleasedOn(releasedAt), options.ReviewWindowWorkingDays, calendar);

    /// <summary>
    /// Released at or after this moment, a session's posting may still run today: no posting of at most 30 working days
    /// spans more than 90 calendar days, even over the Spring Festival and National Day.
    /// </summary>
    public static DateTimeOffset PostedSince(DateTimeOffset now) => now.AddDays(-90);
}
