namespace TrainerAcademy.Domain.Scheduling;

/// <summary>Everything the generator needs to plan one cohort's weekend timetable.</summary>
public sealed record TimetableRequest
{
    /// <summary>The cohort being planned; its own sessions in <see cref="Bookings"/> are ignored, since they are being replaced.</summary>
    public int CohortId { get; init; }
    public required DateOnly StartsOn { get; init; }
    public required WeekendPattern Pattern { get; init; }

    /// <summary>The daily slots in Asia/Shanghai local time.</summary>
    public required IReadOnlyList<TimeSlot> Slots { get; init; }
    public required int TheoryHours { get; init; }
    public required int PracticeHours { get; init; }
    public required int Capacity { get; init; }

    /// <summary>The center's venues, in order of preference. Those seating fewer than <see cref="Capacity"/> are never used.</summary>
    public required IReadOnlyList<VenueOption> Venues { get; init; }

    /// <summary>The center's instructors, in order of preference. Inactive ones are never used.</summary>
    public required IReadOnlyList<InstructorOption> Instructors { get; init; }

    /// <summary>The cohort's own venue: when set, every session is held there and a booking of it by another cohort is a clash.</summary>
    public int? VenueId { get; init; }

    /// <summary>A lead instructor: when set, they teach every session and a booking of them by another cohort is a clash.</summary>
    public int? InstructorId { get; init; }

    public StatutoryCalendar Calendar { get; init; } = StatutoryCalendar.Empty;

    /// <summary>The center's already-booked sessions, all cohorts.</summary>
    public CenterBookings Bookings { get; init; } = new();

    /// <summary>
    /// Leave out class-day slots where the venue or an instructor is booked and carry on on the next free slot
    /// (staff accepting the conflict report's "next free slot" suggestions) instead of reporting the clashes.
    /// </summary>
    public bool SkipBookedSlots { get; init; }

    /// <summary>The request for a cohort as it stands: its course's hours, its pattern, slots, capacity and venue.</summary>
    public static TimetableRequest ForCohort(Cohort cohort, Course course, IEnumerable<Venue> venues, IEnumerable<Instructor> instructors,
        StatutoryCalendar calendar, CenterBookings bookings)
    {
        if (course.Id != cohort.CourseId)
            throw new RuleViolation("timetable.course", "The course is not the cohort's course.", "courseId");
        return new TimetableRequest
        {
            CohortId = cohort.Id,
            StartsOn = cohort.StartsOn,
            Pattern = cohort.Pattern,
            Slots = cohort.Slots,
            TheoryHours = course.TheoryHours,
            PracticeHours = course.PracticeHours,
            Capacity = cohort.Capacity,
            Venues = [.. venues.Where(v => v.CenterId == cohort.CenterId).Select(VenueOption.From)],
            Instructors = [.. instructors.Where(i => i.CenterId == cohort.CenterId).Select(InstructorOption.From)],
            VenueId = cohort.VenueId,
            Calendar = calendar,
            Bookings = bookings,
        };
    }
}
