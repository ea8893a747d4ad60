namespace TrainerAcademy.Domain.Scheduling;

public enum SessionChangeKind
{
    Moved,
    Cancelled,

    /// <summary>A session added at the end of the cohort to make up for a cancelled one.</summary>
    MadeUp,
    Restaffed,
}

/// <summary>One change to a timetable, as learners are told about it and as a calendar feed bumps its SEQUENCE.</summary>
public sealed record SessionChange(SessionChangeKind Kind, PlannedSession? Before, PlannedSession? After);

/// <summary>A timetable after a change, with the sessions that changed.</summary>
public sealed record TimetableEdit(CohortTimetable Timetable, IReadOnlyList<SessionChange> Changes);

/// <summary>A change refused because the venue or the instructor is booked by another cohort at the new time.</summary>
public sealed class SessionClashViolation(string code, string message, IReadOnlyList<Clash> clashes, string? field = null)
    : ConflictViolation(code, message, field)
{
    public IReadOnlyList<Clash> Clashes { get; } = clashes;
}

/// <summary>
/// A cohort's generated timetable and the changes staff make to single sessions: move, cancel (made up at the end by
/// default), re-staff. Each change checks the calendar and the center's bookings as generation does and leaves the
/// cohort's theory and practice minutes whole, except a cancellation staff choose not to make up. Immutable: a change
/// returns a new timetable, a refused change throws and leaves nothing half done.
/// </summary>
public sealed class CohortTimetable
{
    /// <summary>How far past the cohort's last session a make-up session is looked for.</summary>
    private const int MakeUpHorizonDays = 366;

    private readonly PlannedSession[] _sessions;

    public CohortTimetable(int cohortId, WeekendPattern pattern, IEnumerable<TimeSlot> slots, StatutoryCalendar calendar, IEnumerable<PlannedSession> sessions)
    {
        CohortId = cohortId;
        Pattern = pattern;
        Slots = TimeSlot.Validate(slots);
        Calendar = calendar;
        _sessions = [.. sessions.OrderBy(s => s.Date).ThenBy(s => s.Start)];
        if (_sessions.Any(s => s.End <= s.Start))
            throw new RuleViolation("session.order", "A session must end after it starts.");
        if (_sessions.Select(s => s.Sequence).Distinct().Count() != _sessions.Length)
            throw new RuleViolation("session.sequence", "Each session of a cohort has its own number.");
        for (var i = 1; i < _sessions.Length; i++)
            if (_sessions[i].Overlaps(_sessions[i - 1].Date, _sessions[i - 1].Start, _sessions[i - 1].End))
                throw new RuleViolation("session.overlap", $"Sessions {_sessions[i - 1].Sequence} and {_sessions[i].Sequence} overlap.");
    }

    public int CohortId { get; }
    public WeekendPattern Pattern { get; }
    public IReadOnlyList<TimeSlot> Slots { get; }
    public StatutoryCalendar Calendar { get; }

    /// <summary>The sessions in date and time order.</summary>
    public IReadOnlyList<PlannedSession> Sessions => _sessions;

    public int TheoryMinutes => _sessions.Where(s => s.Kind == SessionKind.Theory).Sum(s => s.Minutes);
    public int PracticeMinutes => _sessions.Where(s => s.Kind == SessionKind.Practice).Sum(s => s.Minutes);

    public PlannedSession Session(int sequence) =>
        _sessions.FirstOrDefault(s => s.Sequence == sequence)
        ?? throw new RuleViolation("session.unknown", $"The cohort has no session {sequence}.", "sequence");

    /// <summary>
    /// Moves a session, with its venue, instructor and length, to start at <paramref name="start"/> on
    /// <paramref name="date"/>: a class day, inside one of the cohort's daily slots, clear of its other sessions and
    /// of other cohorts' bookings of the venue and the instructor.
    /// </summary>
    public TimetableEdit Move(int sequence, DateOnly date, TimeOnly start, CenterBookings bookings)
    {
        var before = Session(sequence);
        if (Calendar.WhyNotClassDay(date, Pattern) is not null)
            throw new RuleViolation("session.not-a-class-day", Calendar.Explain(date, Pattern), "date");
        var end = start.AddMinutes(before.Minutes, out var wrappedDays);
        if (wrappedDays != 0 || !Slots.Any(s => s.Start <= start && end <= s.End))
            throw new RuleViolation("session.outside-slots",
                $"A {before.Minutes}-minute session starting at {start:HH\\:mm} does not fit into a daily slot ({TimeSlot.Format(Slots)}).", "start");
        var after = before with { Date = date, Start = start, End = end };
        EnsureClearOfOwnSessions(after, except: sequence);
        EnsureFree(after, bookings);
        return Replace(before, after, SessionChangeKind.Moved);
    }

    /// <summary>
    /// Cancels a session. Unless <paramref name="makeUp"/> is false, a session of the same kind, length, venue and
    /// instructor is added on a class day after the cohort's last one, in the first daily slot long enough where the
    /// venue and the instructor are free, so the hours stay whole.
    /// </summary>
    public TimetableEdit Cancel(int sequence, CenterBookings bookings, bool makeUp = true)
    {
        var cancelled = Session(sequence);
        var changes = new List<SessionChange> { new(SessionChangeKind.Cancelled, cancelled, null) };
        var remaining = _sessions.Where(s => s.Sequence != sequence).ToList();
        if (makeUp)
        {
            var madeUp = FindMakeUpSlot(cancelled, bookings) with { Sequence = _sessions.Max(s => s.Sequence) + 1 };
            remaining.Add(madeUp);
            changes.Add(new SessionChange(SessionChangeKind.MadeUp, null, madeUp));
        }
        return new TimetableEdit(With(remaining), changes);
    }

    /// <summary>Gives a session to another instructor, who must be active and free at that time.</summary>
    public TimetableEdit Restaff(int sequence, InstructorOption instructor, CenterBookings bookings)
    {
        var before = Session(sequence);
        if (!instructor.Active)
            throw new RuleViolation("session.instructor-inactive", $"Instructor {instructor.Id} is not active.", "instructorId");
        if (instructor.Id == before.InstructorId) return new TimetableEdit(this, []);
        var after = before with { InstructorId = instructor.Id };
        EnsureFree(after, bookings, checkVenue: false);
        return Replace(before, after, SessionChangeKind.Restaffed);
    }

    private PlannedSession FindMakeUpSlot(PlannedSession cancelled, CenterBookings bookings)
    {
        var last = _sessions[^1];
        var horizon = last.Date.AddDays(MakeUpHorizonDays);
        for (var date = last.Date.AddDays(1); date <= horizon; date = date.AddDays(1))
        {
            if (!Calendar.IsClassDay(date, Pattern)) continue;
            foreach (var slot in Slots)
            {
                if (slot.Length.TotalMinutes < cancelled.Minutes) continue;
                var candidate = cancelled with { Date = date, Start = slot.Start, End = slot.Start.AddMinutes(cancelled.Minutes) };
                if (Clashes(candidate, bookings, checkVenue: true).Count == 0) return candidate;
            }
        }
        throw new ConflictViolation("session.no-make-up-slot",
            $"No class-day slot within a year after {last.Date:yyyy-MM-dd} has venue {cancelled.VenueId} and instructor {cancelled.InstructorId} free for a make-up session.");
    }

    private void EnsureClearOfOwnSessions(PlannedSession session, int except)
    {
        if (_sessions.FirstOrDefault(s => s.Sequence != except && s.Overlaps(session.Date, session.Start, session.End)) is { } other)
            throw new ConflictViolation("session.overlaps-cohort", $"The cohort already has session {other.Sequence} at that time.", "start");
    }

    private void EnsureFree(PlannedSession session, CenterBookings bookings, bool checkVenue = true)
    {
        var clashes = Clashes(session, bookings, checkVenue);
        if (clashes.Count > 0)
            throw new SessionClashViolation(
                clashes[0].Reason == ClashReason.VenueBooked ? "session.venue-booked" : "session.instructor-booked",
                $"{session.Date:yyyy-MM-dd} {session.Start:HH\\:mm}-{session.End:HH\\:mm}: {string.Join("; ", clashes)}.",
                clashes,
                clashes[0].Reason == ClashReason.VenueBooked ? "venueId" : "instructorId");
    }

    private List<Clash> Clashes(PlannedSession session, CenterBookings bookings, bool checkVenue)
    {
        var clashes = new List<Clash>();
        if (checkVenue && bookings.VenueClash(session.VenueId, session.Date, session.Start, session.End, CohortId) is { } venue)
            clashes.Add(new Clash(ClashReason.VenueBooked, VenueId: session.VenueId, ByCohortId: venue.CohortId));
        if (bookings.InstructorClash(session.InstructorId, session.Date, session.Start, session.End, CohortId) is { } instructor)
            clashes.Add(new Clash(ClashReason.InstructorBooked, InstructorId: session.InstructorId, ByCohortId: instructor.CohortId));
        return clashes;
    }

    private TimetableEdit Replace(PlannedSession before, PlannedSession after, SessionChangeKind kind) =>
        new(With(_sessions.Select(s => s.Sequence == before.Sequence ? after : s)), [new SessionChange(kind, before, after)]);

    private CohortTimetable With(IEnumerable<PlannedSession> sessions) => new(CohortId, Pattern, Slots, Calendar, sessions);
}
