using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Tests.Domain.Results;

/// <summary>One rule for the certificates to come: passed, the posting over, no review open.</summary>
public class CertificateEligibilityTests
{
    // Released Wednesday 30 September 2026: posted 30 Sep, 8 and 9 Oct, Saturday 10 Oct (make-up), Monday 12 Oct;
    // the National Day holiday (1–7 Oct) and Sunday 11 Oct do not count.
    private static readonly ResultPosting Posting = ResultPosting.Starting(ReviewRulesTests.ReleasedOn, 5, ReviewRulesTests.Autumn2026);

    [Fact]
    public void A_passed_candidate_becomes_eligible_the_day_after_the_posting_across_a_holiday_and_a_make_up_working_day()
    {
        Assert.Equal(new DateOnly(2026, 10, 13), Posting.EligibleFrom);

        foreach (var day in new DateOnly[] { new(2026, 10, 7), new(2026, 10, 10), new(2026, 10, 12) })
        {
            var held = CertificateEligibility.Decide(AssessmentOutcome.Passed, Posting, reviewOpen: false, day);
            Assert.False(held.Eligible, $"eligible on {day}");
            Assert.Equal([EligibilityHold.PostingNotEnded], held.Holds);
            Assert.Equal(new DateOnly(2026, 10, 13), held.EligibleFrom);
        }
        var eligible = CertificateEligibility.Decide(AssessmentOutcome.Passed, Posting, reviewOpen: false, new(2026, 10, 13));
        Assert.True(eligible.Eligible);
        Assert.Empty(eligible.Holds);
    }

    [Fact]
    public void An_open_review_holds_a_passed_candidate_after_the_posting_has_ended()
    {
        var held = CertificateEligibility.Decide(AssessmentOutcome.Passed, Posting, reviewOpen: true, new(2026, 10, 20));

        Assert.False(held.Eligible);
        Assert.Equal([EligibilityHold.ReviewOpen], held.Holds);
    }

    [Theory]
    [InlineData(AssessmentOutcome.Failed, EligibilityHold.NotPassed)]
    [InlineData(AssessmentOutcome.Pending, EligibilityHold.Pending)]
    public void A_candidate_who_has_not_passed_is_never_eligible(AssessmentOutcome outcome, EligibilityHold hold)
    {
        var decision = CertificateEligibility.Decide(outcome, Posting, reviewOpen: false, new(2026, 11, 1));

        Assert.False(decision.Eligible);
        Assert.Equal([hold], decision.Holds);
        Assert.Null(decision.EligibleFrom);
    }

    [Fact]
    public void Nothing_is_eligible_before_release()
    {
        var decision = CertificateEligibility.Decide(AssessmentOutcome.Pending, null, reviewOpen: false, new(2026, 11, 1));

        Assert.Equal([EligibilityHold.NotReleased], decision.Holds);
    }

    [Fact]
    public void A_review_that_raises_a_failed_score_makes_the_candidate_eligible_once_resolved_and_one_that_lowers_it_takes_eligibility_away()
    {
        var after = new DateOnly(2026, 10, 14);
        var (session, theory) = ReviewRulesTests.Graded(55m);
        var skill = new ComponentScore(AssessmentComponent.Skill, 80m, 60m);
        AssessmentOutcome Outcome() => CombinedResult.Decide(4, [new ComponentScore(AssessmentComponent.Theory, theory.Score, theory.PassMark), skill]);

        var review = ResultReview.Request(session, theory, ReviewRulesTests.Window, ReviewRulesTests.ReleasedOn, "请核对主观判分。", ReviewRulesTests.ReleasedAt);
        Assert.Equal([EligibilityHold.NotPassed, EligibilityHold.ReviewOpen], CertificateEligibility.Decide(Outcome(), Posting, review.IsOpen, after).Holds);
        review.Resolve(theory, ReviewStatus.Changed, 60m, "更正为 60 分。", "admin-1", ReviewRulesTests.ReleasedAt.AddDays(3));
        Assert.True(CertificateEligibility.Decide(Outcome(), Posting, review.IsOpen, after).Eligible);

        var (session2, passed) = ReviewRulesTests.Graded(75m);
        AssessmentOutcome Outcome2() => CombinedResult.Decide(4, [new ComponentScore(AssessmentComponent.Theory, passed.Score, passed.PassMark), skill]);
        var lowered = ResultReview.Request(session2, passed, ReviewRulesTests.Window, ReviewRulesTests.ReleasedOn, "请复核。", ReviewRulesTests.ReleasedAt);
        Assert.Equal([EligibilityHold.ReviewOpen], CertificateEligibility.Decide(Outcome2(), Posting, lowered.IsOpen, after).Holds);
        lowered.Resolve(passed, ReviewStatus.Changed, 59.5m, "复核发现多计分。", "admin-1", ReviewRulesTests.ReleasedAt.AddDays(3));
        Assert.Equal([EligibilityHold.NotPassed], CertificateEligibility.Decide(Outcome2(), Posting, lowered.IsOpen, after).Holds);
    }
}
