namespace TrainerAcademy.Domain;

/// <summary>The allowed share of theory hours in a course, e.g. 25%–35% around the usual 30/70 split.</summary>
public sealed record TheoryShareBand(decimal Min, decimal Max)
{
    public static readonly TheoryShareBand Default = new(0.25m, 0.35m);

    public bool Contains(decimal share) => share >= Min && share <= Max;
}

/// <summary>A training course of one center for one level of the occupation.</summary>
public class Course : ICenterOwned
{
    public const string AiTrainerOccupation = "4-04-05-05";

    private Course() { }

    public Course(int centerId, string occupationCode, int level, string title, int theoryHours, int practiceHours,
        decimal fee, string? description, TheoryShareBand band)
    {
        CenterId = centerId;
        OccupationCode = occupationCode;
        Update(level, title, theoryHours, practiceHours, fee, description, band);
    }

    public int Id { get; private set; }
    public int CenterId { get; private set; }
    public string OccupationCode { get; private set; } = AiTrainerOccupation;
    public int Level { get; private set; }
    public string Title { get; private set; } = "";
    public int TheoryHours { get; private set; }
    public int PracticeHours { get; private set; }

    /// <summary>Tuition in CNY.</summary>
    public decimal Fee { get; private set; }
    public string? Description { get; private set; }

    public int TotalHours => TheoryHours + PracticeHours;
    public decimal TheoryShare => TotalHours == 0 ? 0 : (decimal)TheoryHours / TotalHours;

    public void Update(int level, string title, int theoryHours, int practiceHours, decimal fee, string? description, TheoryShareBand band)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > 120)
            throw new RuleViolation("course.title", "A course needs a title of at most 120 characters.", "title");
        if (level is < 1 or > 5)
            throw new RuleViolation("course.level", "The level is 1 to 5.", "level");
        if (theoryHours < 1 || practiceHours < 1 || theoryHours + practiceHours > 1000)
            throw new RuleViolation("course.hours", "Theory and practice need at least one hour each, and at most 1000 in all.", "theoryHours");
        var share = (decimal)theoryHours / (theoryHours + practiceHours);
        if (!band.Contains(share))
            throw new RuleViolation("course.theory-share",
                $"Theory is {share:P0} of the hours; it must be between {band.Min:P0} and {band.Max:P0}.", "theoryHours");
        if (fee < 0 || fee > 1_000_000 || decimal.Round(fee, 2) != fee)
            throw new RuleViolation("course.fee", "The fee is an amount in yuan from 0 to 1,000,000 with at most two decimals.", "fee");
        if (description?.Length > 4000)
            throw new RuleViolation("course.description", "The description is at most 4000 characters.", "description");

        Level = level;
        Title = title;
        TheoryHours = theoryHours;
        PracticeHours = practiceHours;
        Fee = fee;
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
    }
}
