using System.Reflection;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Tests.Domain.Exams;

namespace TrainerAcademy.Tests.Domain.Results;

/// <summary>Reviews (复核): who may ask and when, and how a resolution keeps or changes a score, once.</summary>
public class ReviewRulesTests
{
    // The 2026 Mid-Autumn and National Day holidays: 1–7 October off, Saturday 10 October a make-up working day.
    internal static readonly StatutoryCalendar Autumn2026 = new(
    [
        new CalendarDay(new(2026, 9, 20), CalendarDayKind.MakeUpWorkday, "国庆节调休上班"),
        .. Enumerable.Range(25, 3).Select(d => new CalendarDay(new(2026, 9, d), CalendarDayKind.PublicHoliday, "中秋节")),
        .. Enumerable.Range(1, 7).Select(d => new CalendarDay(new(2026, 10, d), CalendarDayKind.PublicHoliday, "国庆节")),
        new CalendarDay(new(2026, 10, 10), CalendarDayKind.MakeUpWorkday, "国庆节调休上班"),
    ]);

    /// <summary>Released on Wednesday 30 September 2026 at 10:00 Beijing time.</summary>
    internal static readonly DateTimeOffset ReleasedAt = new(2026, 9, 30, 2, 0, 0, TimeSpan.Zero);

    internal static readonly DateOnly ReleasedOn = new(2026, 9, 30);

    /// <summary>A released session and its graded theory attempt with the given score (pass mark 60).</summary>
    internal static (ExamSession Session, ExamAttempt Attempt) Graded(decimal score, bool released = true)
    {
        var start = ReleasedAt.AddDays(-3);
        var session = new ExamSession(1, 4, 1, "四级理论考试", ExamMode.Online, null, 10, start, start.AddHours(4), start.AddDays(-1), false, start.AddDays(-30));
        if (released) session.ReleaseResults(ReleasedAt);
        var registration = new ExamRegistration(session, "learner", "T1", new ApplicationDeclaration(5, null, false, false), "test", start.AddDays(-10));
        var attempt = new ExamAttempt(registration, session, PaperTests.Blueprint, 1, [], start);
        attempt.Submit(start.AddHours(1), automatic: false);
        attempt.Grade(new Dictionary<int, QuestionVersion>(), start.AddHours(2));
        // The paper is empty, so grading gives 0; the score under review is set as grading would have.
        Set(attempt, nameof(ExamAttempt.Score), score);
        Set(attempt, nameof(ExamAttempt.Passed), score >= attempt.PassMark);
        return (session, attempt);
    }

    private static void Set(object target, string property, object? value) =>
        target.GetType().GetProperty(property)!.SetValue(target, value, BindingFlags.NonPublic | BindingFlags.Instance, null, null, null);

    internal static ReviewWindow Window => ReviewWindow.Starting(ReleasedOn, 5, Autumn2026);

    private static ResultReview Requested(ExamSession session, ExamAttempt attempt, DateOnly? on = null) =>
        ResultReview.Request(session, attempt, Window, on ?? ReleasedOn, "第 3 题的答案与教材一致，请核对。", ReleasedAt.AddHours(1));

    [Fact]
    public void The_review_window_counts_working_days_over_the_national_holiday_and_the_make_up_saturday()
    {
        // 30 September, then 1–7 October off, 8 and 9 October, Saturday 10 October (make-up), Monday 12 October.
        Assert.Equal(new DateOnly(2026, 10, 12), Window.LastDay);
        var (session, attempt) = Graded(55m);

        Assert.Equal(ReviewStatus.Open, Requested(session, attempt, new DateOnly(2026, 10, 5)).Status);
        Assert.Equal(ReviewStatus.Open, Requested(session, attempt, new DateOnly(2026, 10, 12)).Status);
        var late = Assert.Throws<RuleViolation>(() => Requested(session, attempt, new DateOnly(2026, 10, 13)));
        Assert.Equal("review.window-closed", late.Code);
        Assert.Equal("2026-10-12", late.Data["lastDay"]);
    }

    [Fact]
    public void A_request_records_the_score_it_questions_and_is_open()
    {
        var (session, attempt) = Graded(55m);

        var review = Requested(session, attempt);

        Assert.Equal((ReviewStatus.Open, 55m, false, AssessmentComponent.Theory, "learner"),
            (review.Status, review.PreviousScore, review.PreviousPassed, review.Component, review.LearnerId));
        Assert.Null(review.ResolvedAt);
    }

    [Fact]
    public void No_review_before_the_results_are_released_or_of_an_ungraded_part()
    {
        var (unreleased, attempt) = Graded(55m, released: false);
        Assert.Equal("review.not-released", Assert.Throws<RuleViolation>(() => ResultReview.Request(unreleased, attempt, null, ReleasedOn, "理由", ReleasedAt)).Code);

        var start = ReleasedAt.AddDays(-3);
        var session = new ExamSession(1, 4, 1, "四级理论考试", ExamMode.Online, null, 10, start, start.AddHours(4), start.AddDays(-1), false, start.AddDays(-30));
        session.ReleaseResults(ReleasedAt);
        var registration = new ExamRegistration(session, "learner", "T2", new ApplicationDeclaration(5, null, false, false), "test", start.AddDays(-10));
        var submitted = new ExamAttempt(registration, session, PaperTests.Blueprint, 1, [], start);
        submitted.Submit(start.AddHours(1), automatic: false);
        Assert.Equal("review.not-graded", Assert.Throws<RuleViolation>(() => Requested(session, submitted)).Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData(501)]
    public void A_request_needs_a_reason_of_at_most_500_characters(object? reason)
    {
        var (session, attempt) = Graded(55m);
        var text = reason is int length ? new string('理', length) : (string?)reason;

        var refused = Assert.Throws<RuleViolation>(() => ResultReview.Request(session, attempt, Window, ReleasedOn, text, ReleasedAt));

        Assert.Equal(("review.reason", "reason"), (refused.Code, refused.Field));
        Assert.Equal(500, ResultReview.Request(session, attempt, Window, ReleasedOn, new string('理', 500), ReleasedAt).Reason.Length);
    }

    [Fact]
    public void A_changed_score_turns_a_failed_part_into_a_passed_one_and_records_who_changed_what()
    {
        var (session, attempt) = Graded(55m);
        var review = Requested(session, attempt);
        var at = ReleasedAt.AddDays(2);

        review.Resolve(attempt, ReviewStatus.Changed, 62.5m, "第 3 题判分有误，已更正。", "admin-1", at);

        Assert.Equal((62.5m, true), (attempt.Score, attempt.Passed));
        Assert.Equal((ReviewStatus.Changed, 55m, false, 62.5m, true, "admin-1", at, "第 3 题判分有误，已更正。"),
            (review.Status, review.PreviousScore, review.PreviousPassed, review.ResolvedScore, review.ResolvedPassed, review.ResolvedById, review.ResolvedAt, review.Resolution));
        Assert.False(review.IsOpen);
    }

    [Fact]
    public void A_changed_score_can_turn_a_passed_part_into_a_failed_one()
    {
        var (session, attempt) = Graded(61m);
        var review = Requested(session, attempt);

        review.Resolve(attempt, ReviewStatus.Changed, 58m, "复核发现多计 3 分。", "admin-1", ReleasedAt.AddDays(2));

        Assert.Equal((58m, false), (attempt.Score, attempt.Passed));
        Assert.Equal((true, false), (review.PreviousPassed, review.ResolvedPassed));
    }

    [Fact]
    public void A_kept_score_changes_nothing_on_the_attempt_and_a_second_resolution_is_refused()
    {
        var (session, attempt) = Graded(55m);
        var review = Requested(session, attempt);

        review.Resolve(attempt, ReviewStatus.Kept, null, "复核无误。", "admin-1", ReleasedAt.AddDays(2));

        Assert.Equal((55m, false), (attempt.Score, attempt.Passed));
        Assert.Equal((ReviewStatus.Kept, 55m), (review.Status, review.ResolvedScore));
        var again = Assert.Throws<ConflictViolation>(() => review.Resolve(attempt, ReviewStatus.Changed, 70m, "再次复核", "admin-2", ReleasedAt.AddDays(3)));
        Assert.Equal("review.resolved", again.Code);
        Assert.Equal((55m, ReviewStatus.Kept, "admin-1"), (attempt.Score, review.Status, review.ResolvedById));
    }

    [Theory]
    [InlineData("Changed", null, "review.score-required", "score")]
    [InlineData("Changed", "100.5", "review.score-range", "score")]
    [InlineData("Changed", "-1", "review.score-range", "score")]
    [InlineData("Changed", "60.555", "review.score-range", "score")]
    [InlineData("Changed", "55", "review.score-unchanged", "score")]
    [InlineData("Kept", "70", "review.kept-score", "score")]
    [InlineData("Open", null, "review.outcome", "outcome")]
    public void A_resolution_that_breaks_a_rule_leaves_the_review_open_and_the_score_as_it_was(string outcome, string? score, string code, string field)
    {
        var (session, attempt) = Graded(55m);
        var review = Requested(session, attempt);

        var refused = Assert.Throws<RuleViolation>(() => review.Resolve(attempt, Enum.Parse<ReviewStatus>(outcome),
            score is null ? null : decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), "复核意见", "admin-1", ReleasedAt.AddDays(1)));

        Assert.Equal((code, field), (refused.Code, refused.Field));
        Assert.Equal((ReviewStatus.Open, 55m, false), (review.Status, attempt.Score, attempt.Passed));
    }

    [Theory]
    [InlineData("")]
    [InlineData(501)]
    public void A_resolution_needs_the_reviewers_reason(object reason)
    {
        var (session, attempt) = Graded(55m);
        var review = Requested(session, attempt);
        var text = reason is int length ? new string('意', length) : (string)reason;

        var refused = Assert.Throws<RuleViolation>(() => review.Resolve(attempt, ReviewStatus.Kept, null, text, "admin-1", ReleasedAt.AddDays(1)));

        Assert.Equal(("review.resolution", "reason"), (refused.Code, refused.Field));
        Assert.True(review.IsOpen);
    }
}
