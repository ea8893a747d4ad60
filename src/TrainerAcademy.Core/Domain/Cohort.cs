using System.Linq.Expressions;

namespace TrainerAcademy.Domain;

public enum CohortStatus
{
    Draft,
    Open,
    Running,
    Completed,
    Cancelled,
}

/// <summary>One run of a course at a center: weekend days, daily slots, seats.</summary>
public class Cohort : ICenterOwned
{
    public const int MaxCapacity = 500;

    private List<TimeSlot> _slots = [];

    private Cohort() { }

    public Cohort(Course course, DateOnly startsOn, WeekendPattern pattern, IEnumerable<TimeSlot> slots, int capacity, Venue? venue)
    {
        CourseId = course.Id;
        CenterId = course.CenterId;
        Status = CohortStatus.Draft;
        Apply(course, startsOn, pattern, slots, capacity, venue);
    }

    public int Id { get; private set; }
    public int CourseId { get; private set; }
    public int CenterId { get; private set; }
    public int? VenueId { get; private set; }
    public DateOnly StartsOn { get; private set; }

    /// <summary>
    /// The last class day: estimated from the course hours over the weekend days, then set by the timetable job to
    /// the generated timetable's last session (which skips holidays).
    /// </summary>
    public DateOnly EndsOn { get; private set; }
    public WeekendPattern Pattern { get; private set; }
    public IReadOnlyList<TimeSlot> Slots => _slots;
    public int Capacity { get; private set; }

    /// <summary>Seats held or sold; the database keeps it between 0 and <see cref="Capacity"/>.</summary>
    public int SeatsTaken { get; private set; }
    public CohortStatus Status { get; private set; }

    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }

    public int SeatsLeft => Math.Max(0, Capacity - SeatsTaken);

    /// <summary>
    /// Only an open cohort takes places, waitlist entries and learners promoted from its waitlist; a draft, running,
    /// completed or cancelled one does not. An expression, so the statements that take or pass on a seat state it too.
    /// </summary>
    public static readonly Expression<Func<Cohort, bool>> TakesEnrollments = c => c.Status == CohortStatus.Open;

    private static readonly Func<Cohort, bool> IsTakingEnrollments = TakesEnrollments.Compile();

    public void EnsureTakesEnrollments()
    {
        if (!IsTakingEnrollments(this))
            throw new ConflictViolation("enrollment.cohort-not-open", "This cohort is not open for enrollment.");
    }

    /// <summary>The refusal of a seat in a full cohort to a learner who did not ask for the waitlist.</summary>
    public static ConflictViolation Full() => new("enrollment.full", "The cohort is full. You can join its waitlist.");

    public TimeSpan DailyTeachingTime => TimeSpan.FromTicks(_slots.Sum(s => s.Length.Ticks));

    public void Reschedule(Course course, DateOnly startsOn, WeekendPattern pattern, IEnumerable<TimeSlot> slots, int capacity, Venue? venue)
    {
        if (Status is not (CohortStatus.Draft or CohortStatus.Open))
            throw new ConflictViolation("cohort.not-editable", $"A {Status} cohort can no longer be changed.");
        if (course.Id != CourseId)
            throw new RuleViolation("cohort.course", "A cohort stays with its course.", "courseId");
        if (capacity < SeatsTaken)
            throw new ConflictViolation("cohort.capacity-below-seats", $"{SeatsTaken} seats are already taken; capacity cannot go below that.", "capacity");
        Apply(course, startsOn, pattern, slots, capacity, venue);
    }

    private void Apply(Course course, DateOnly startsOn, WeekendPattern pattern, IEnumerable<TimeSlot> slots, int capacity, Venue? venue)
    {
        if (pattern is WeekendPattern.None || (pattern & ~WeekendPattern.Both) != 0)
            throw new RuleViolation("cohort.pattern", "Choose Saturday, Sunday or both.", "weekendPattern");
        if (!pattern.Includes(startsOn.DayOfWeek))
            throw new RuleViolation("cohort.start-day", "The start date must be one of the cohort's weekend days.", "startsOn");
        if (capacity is < 1 or > MaxCapacity)
            throw new RuleViolation("cohort.capacity", $"Capacity is 1 to {MaxCapacity}.", "capacity");
        if (venue is not null)
        {
            if (venue.CenterId != course.CenterId)
                throw new RuleViolation("cohort.venue-center", "The venue belongs to another center.", "venueId");
            if (venue.Capacity < capacity)
                throw new RuleViolation("cohort.venue-too-small", $"The venue seats {venue.Capacity}, fewer than the cohort's {capacity}.", "venueId");
        }
        var validSlots = TimeSlot.Validate(slots);

        StartsOn = startsOn;
        Pattern = pattern;
        _slots = [.. validSlots];
        Capacity = capacity;
        VenueId = venue?.Id;
        EndsOn = EstimateLastClassDay(startsOn, pattern, DailyTeachingTime, course.TotalHours);
        Revision++;
    }

    public void Open()
    {
        if (Status != CohortStatus.Draft)
            throw new ConflictViolation("cohort.open", $"Only a draft cohort can be opened; this one is {Status}.");
        Status = CohortStatus.Open;
        Revision++;
    }

    public void Cancel()
    {
        if (Status is CohortStatus.Completed or CohortStatus.Cancelled)
            throw new ConflictViolation("cohort.cancel", $"A {Status} cohort cannot be cancelled.");
        Status = CohortStatus.Cancelled;
        Revision++;
    }

    /// <summary>Moves an open cohort to Running on its first day and a running one to Completed after its last.</summary>
    /// <returns>Whether the status changed.</returns>
    public bool AdvanceByDate(DateOnly today)
    {
        var next = Status switch
        {
            CohortStatus.Open when today > EndsOn => CohortStatus.Completed,
            CohortStatus.Open when today >= StartsOn => CohortStatus.Running,
            CohortStatus.Running when today > EndsOn => CohortStatus.Completed,
            _ => Status,
        };
        if (next == Status) return false;
        Status = next;
        Revision++;
        return true;
    }

    /// <summary>
    /// The last weekend class day if every matching day from <paramref name="startsOn"/> is taught in full.
    /// Holidays are not known here; the generated timetable supersedes this estimate.
    /// </summary>
    public static DateOnly EstimateLastClassDay(DateOnly startsOn, WeekendPattern pattern, TimeSpan dailyTime, int totalHours)
    {
        if (dailyTime <= TimeSpan.Zero) return startsOn;
        var days = (int)Math.Ceiling(totalHours / dailyTime.TotalHours);
        var day = startsOn;
        var counted = 0;
        while (true)
        {
            if (pattern.Includes(day.DayOfWeek) && ++counted == days) return day;
            day = day.AddDays(1);
        }
    }
}
