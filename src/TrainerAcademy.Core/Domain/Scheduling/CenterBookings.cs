namespace TrainerAcademy.Domain.Scheduling;

/// <summary>
/// The booked sessions of one center, indexed by (venue, date) and (instructor, date) so a clash check looks at one
/// day's few sessions of one room or person instead of the whole center's year. Mutable: a batch adds each cohort's
/// timetable as it is generated so the next cohort sees it.
/// </summary>
public sealed class CenterBookings
{
    private readonly Dictionary<long, List<BookedSession>> _byVenueDay = [];
    private readonly Dictionary<long, List<BookedSession>> _byInstructorDay = [];
    private readonly Dictionary<int, List<BookedSession>> _byCohort = [];

    public CenterBookings() { }

    public CenterBookings(IEnumerable<BookedSession> sessions) => AddRange(sessions);

    public int Count { get; private set; }

    public void Add(BookedSession session)
    {
        if (session.End <= session.Start)
            throw new RuleViolation("booking.order", $"A booked session must end after it starts ({session.Date:yyyy-MM-dd} {session.Start:HH\\:mm}-{session.End:HH\\:mm}).");
        Bucket(_byVenueDay, Key(session.VenueId, session.Date)).Add(session);
        Bucket(_byInstructorDay, Key(session.InstructorId, session.Date)).Add(session);
        Bucket(_byCohort, session.CohortId).Add(session);
        Count++;
    }

    public void AddRange(IEnumerable<BookedSession> sessions)
    {
        foreach (var s in sessions) Add(s);
    }

    public void AddTimetable(int cohortId, IEnumerable<PlannedSession> sessions) => AddRange(sessions.Select(s => s.ToBooking(cohortId)));

    /// <summary>Forgets a cohort's sessions, e.g. before its timetable is replaced. Returns how many there were.</summary>
    public int RemoveCohort(int cohortId)
    {
        if (!_byCohort.Remove(cohortId, out var sessions)) return 0;
        foreach (var s in sessions)
        {
            _byVenueDay[Key(s.VenueId, s.Date)].Remove(s);
            _byInstructorDay[Key(s.InstructorId, s.Date)].Remove(s);
        }
        Count -= sessions.Count;
        return sessions.Count;
    }

    public IReadOnlyList<BookedSession> OfCohort(int cohortId) => _byCohort.TryGetValue(cohortId, out var list) ? list : [];

    /// <summary>A session of another cohort that holds <paramref name="venueId"/> during [start, end) on <paramref name="date"/>, or null.</summary>
    public BookedSession? VenueClash(int venueId, DateOnly date, TimeOnly start, TimeOnly end, int exceptCohortId) =>
        Clash(_byVenueDay, Key(venueId, date), start, end, exceptCohortId);

    /// <summary>A session of another cohort that <paramref name="instructorId"/> teaches during [start, end) on <paramref name="date"/>, or null.</summary>
    public BookedSession? InstructorClash(int instructorId, DateOnly date, TimeOnly start, TimeOnly end, int exceptCohortId) =>
        Clash(_byInstructorDay, Key(instructorId, date), start, end, exceptCohortId);

    private static BookedSession? Clash(Dictionary<long, List<BookedSession>> index, long key, TimeOnly start, TimeOnly end, int exceptCohortId)
    {
        if (!index.TryGetValue(key, out var sessions)) return null;
        foreach (var s in sessions)
            if (s.CohortId != exceptCohortId && s.Overlaps(start, end)) return s;
        return null;
    }

    private static List<BookedSession> Bucket<TKey>(Dictionary<TKey, List<BookedSession>> index, TKey key) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        return list;
    }

    private static long Key(int id, DateOnly date) => ((long)id << 32) | (uint)date.DayNumber;
}
