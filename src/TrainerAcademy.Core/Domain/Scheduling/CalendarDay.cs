namespace TrainerAcademy.Domain.Scheduling;

public enum CalendarDayKind
{
    /// <summary>放假: nobody works, so nobody comes to class either.</summary>
    PublicHoliday,

    /// <summary>调休上班: a Saturday or Sunday declared a working day, so learners are at work.</summary>
    MakeUpWorkday,
}

/// <summary>A day marked by the State Council's yearly holiday notice.</summary>
public sealed record CalendarDay
{
    public CalendarDay(DateOnly date, CalendarDayKind kind, string name)
    {
        if (!Enum.IsDefined(kind))
            throw new RuleViolation("calendar.kind", "A calendar day is a public holiday or a make-up working day.", "kind");
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 50)
            throw new RuleViolation("calendar.name", "A calendar day needs a name of at most 50 characters.", "name");
        // A weekday "make-up working day" is a data-entry slip: weekdays are working days anyway.
        if (kind == CalendarDayKind.MakeUpWorkday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            throw new RuleViolation("calendar.make-up-weekday",
                $"{date:yyyy-MM-dd} is a {date.DayOfWeek}; a make-up working day is a Saturday or Sunday declared a working day.", "date");
        Date = date;
        Kind = kind;
        Name = name;
    }

    public DateOnly Date { get; }
    public CalendarDayKind Kind { get; }
    public string Name { get; }
}

/// <summary>Why a date is not a class day of a weekend pattern.</summary>
public enum NonClassDayReason
{
    NotAPatternDay,
    PublicHoliday,
    MakeUpWorkday,
    CenterClosure,
}
