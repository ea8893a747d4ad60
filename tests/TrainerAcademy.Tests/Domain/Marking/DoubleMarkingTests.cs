using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Marking;

public class DoubleMarkingTests
{
    private static MarkingState Resolve(decimal points, decimal threshold, params (int Round, decimal Total)[] marks) =>
        DoubleMarking.Resolve(marks.ToDictionary(m => m.Round, m => m.Total), points, threshold);

    [Fact]
    public void A_script_needs_two_marks_before_anything_is_agreed()
    {
        Assert.Equal(new MarkingState(2, null, []), Resolve(25, 15), EquivalentState);
        var one = Resolve(25, 15, (1, 20));
        Assert.Equal(2, one.MarksNeeded);
        Assert.Null(one.Agreed);
        // A second-round mark alone (the first examiner gave the script back) is not enough either.
        Assert.Null(Resolve(25, 15, (2, 20)).Agreed);
    }

    [Theory]
    [InlineData(20, 17, 18.5)]     // 3 apart, threshold 3.75: the mean
    [InlineData(20, 16.25, 18.13)] // exactly 3.75 apart still agrees; 18.125 rounds half away from zero
    [InlineData(0, 0, 0)]
    [InlineData(25, 25, 25)]
    public void Two_marks_within_the_threshold_agree_on_their_mean(decimal first, decimal second, decimal agreed)
    {
        var state = Resolve(25, 15, (1, first), (2, second));
        Assert.Equal(agreed, state.Agreed);
        Assert.Equal([1, 2], state.Counted);
        Assert.False(state.ThirdMarkerNeeded);
    }

    [Fact]
    public void Two_marks_over_the_threshold_call_a_third_examiner()
    {
        var state = Resolve(25, 15, (1, 20), (2, 16));
        Assert.Null(state.Agreed);
        Assert.Equal(3, state.MarksNeeded);
        Assert.True(state.ThirdMarkerNeeded);
        // The threshold is a percentage of the task's points: the same marks agree on a task worth 30 (4.5 allowed).
        Assert.Equal(18m, Resolve(30, 15, (1, 20), (2, 16)).Agreed);
        // A threshold of 0 asks for identical marks.
        Assert.True(Resolve(25, 0, (1, 20), (2, 19.5m)).ThirdMarkerNeeded);
    }

    [Theory]
    [InlineData(20, 10, 19, 19.5, 1, 3)] // the third mark sides with the first
    [InlineData(20, 10, 11, 10.5, 2, 3)] // ... or with the second
    [InlineData(20, 10, 15, 17.5, 1, 3)] // equally far from both: the pair with the earlier round and the third mark
    [InlineData(20, 12, 2, 16, 1, 2)]    // the third mark is the outlier: the first two stand
    public void A_third_mark_settles_on_the_mean_of_the_two_closest_marks(decimal first, decimal second, decimal third, decimal agreed, int a, int b)
    {
        var state = Resolve(25, 15, (1, first), (2, second), (3, third));
        Assert.Equal(agreed, state.Agreed);
        Assert.Equal([a, b], state.Counted);
        Assert.False(state.ThirdMarkerNeeded);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void The_threshold_is_a_percentage(decimal threshold) =>
        Assert.Equal("marking.threshold", Assert.Throws<RuleViolation>(() => Resolve(25, threshold)).Code);

    private static readonly IEqualityComparer<MarkingState> EquivalentState =
        EqualityComparer<MarkingState>.Create((x, y) => x!.MarksNeeded == y!.MarksNeeded && x.Agreed == y.Agreed && x.Counted.SequenceEqual(y.Counted));
}

public class ExaminerGrantTests
{
    private const int Own = 1;
    private const int Other = 2;

    [Fact]
    public void A_center_examiner_marks_only_their_own_centers_sessions()
    {
        var grant = new ExaminerGrant("u1", Own, ExaminerScope.Center, "admin", DateTimeOffset.UnixEpoch);
        Assert.Null(grant.ConflictWith(Own, externalExaminersOnly: false, taughtCandidate: false));
        Assert.Equal(MarkingConflict.OutsideGrant, grant.ConflictWith(Other, false, false));
    }

    [Fact]
    public void A_platform_examiner_marks_any_center_but_not_their_own_when_the_session_wants_external_examiners()
    {
        var grant = new ExaminerGrant("u1", Own, ExaminerScope.Platform, "admin", DateTimeOffset.UnixEpoch);
        Assert.Null(grant.ConflictWith(Other, externalExaminersOnly: true, taughtCandidate: false));
        Assert.Null(grant.ConflictWith(Own, externalExaminersOnly: false, taughtCandidate: false));
        Assert.Equal(MarkingConflict.OwnCenter, grant.ConflictWith(Own, externalExaminersOnly: true, taughtCandidate: false));
    }

    [Fact]
    public void Nobody_marks_a_candidate_they_taught()
    {
        var grant = new ExaminerGrant("u1", Own, ExaminerScope.Platform, "admin", DateTimeOffset.UnixEpoch);
        Assert.Equal(MarkingConflict.TaughtCandidate, grant.ConflictWith(Other, false, taughtCandidate: true));
    }

    [Fact]
    public void A_scope_outside_the_enum_is_refused() =>
        Assert.Equal("examiner.scope", Assert.Throws<RuleViolation>(() => new ExaminerGrant("u1", Own, (ExaminerScope)7, "admin", DateTimeOffset.UnixEpoch)).Code);
}
