namespace TrainerAcademy.Domain.Results;

/// <summary>The parts of a certification assessment, each scored out of 100 and passed on its own.</summary>
public enum AssessmentComponent
{
    /// <summary>理论知识考试.</summary>
    Theory,

    /// <summary>技能考核.</summary>
    Skill,

    /// <summary>综合评审: levels 2 and 1 only.</summary>
    Review,
}

public static class AssessmentComponents
{
    /// <summary>
    /// The skill assessment and the comprehensive review are papers of tasks (<see cref="Practical.PracticalTask"/>) drawn
    /// by a <see cref="Practical.SkillBlueprint"/> of that component; the theory exam is a paper of questions.
    /// </summary>
    public static bool IsTaskPaper(this AssessmentComponent component) => component is AssessmentComponent.Skill or AssessmentComponent.Review;

    /// <summary>The comprehensive review (综合评审) is for levels 2 (技师) and 1 (高级技师) only.</summary>
    public static void EnsureTakenAt(this AssessmentComponent component, int level, string field)
    {
        if (!component.IsTaskPaper())
            throw new RuleViolation("practical.component", "A task or skill blueprint is for the skill assessment or the comprehensive review.", field);
        if (component == AssessmentComponent.Review && level > 2)
            throw new RuleViolation("practical.review-level", "The comprehensive review is for levels 2 and 1 only.", field);
    }
}

/// <summary>One component's standing for a candidate: not yet scored, or scored against its pass mark.</summary>
public sealed record ComponentScore(AssessmentComponent Component, decimal? Score, decimal PassMark)
{
    public bool? Passed => Score is { } score ? score >= PassMark : null;
}

public enum AssessmentOutcome
{
    /// <summary>A required component has no score yet.</summary>
    Pending,
    Passed,
    Failed,
}

/// <summary>How the components of a level combine into one result.</summary>
public static class CombinedResult
{
    /// <summary>Levels 5 to 3 take a theory exam and a skill assessment; levels 2 and 1 add the comprehensive review.</summary>
    public static IReadOnlyList<AssessmentComponent> RequiredFor(int level)
    {
        if (level is < 1 or > 5)
            throw new RuleViolation("results.level", "Levels run from 1 (高级技师) to 5 (初级工).", "level");
        return level <= 2
            ? [AssessmentComponent.Theory, AssessmentComponent.Skill, AssessmentComponent.Review]
            : [AssessmentComponent.Theory, AssessmentComponent.Skill];
    }

    /// <summary>
    /// Passed when every required component is passed; failed as soon as one scored component is below its pass mark,
    /// since no later score can make up for it; otherwise pending. Components the level does not take are ignored.
    /// </summary>
    public static AssessmentOutcome Decide(int level, IEnumerable<ComponentScore> scores)
    {
        var required = RequiredFor(level);
        var byComponent = new Dictionary<AssessmentComponent, ComponentScore>();
        foreach (var score in scores.Where(s => required.Contains(s.Component)))
            if (!byComponent.TryAdd(score.Component, score))
                throw new ArgumentException($"The {score.Component} component is scored twice.", nameof(scores));
        if (byComponent.Values.Any(s => s.Passed == false)) return AssessmentOutcome.Failed;
        return required.All(c => byComponent.TryGetValue(c, out var s) && s.Passed == true)
            ? AssessmentOutcome.Passed
            : AssessmentOutcome.Pending;
    }
}
