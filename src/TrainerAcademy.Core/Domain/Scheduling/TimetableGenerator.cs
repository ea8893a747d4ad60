namespace TrainerAcademy.Domain.Scheduling;

/// <summary>
/// Turns a cohort's course hours, weekend pattern and daily slots into a complete weekend timetable, or into a
/// <see cref="ConflictReport"/> when the center's venues or instructors are booked; never into part of a timetable.
/// </summary>
/// <remarks>
/// <para>Class days are the pattern's weekend days from the start date on that are neither public holidays, nor
/// make-up working days (调休上班), nor center closures. Each daily slot of a class day holds one session.</para>
/// <para>Interleaving (theory leads each unit, practice follows): slots are filled in date and time order, and each
/// slot takes theory when the share of theory hours done is not ahead of the share of practice hours done
/// (theoryDone / theoryTotal ≤ practiceDone / practiceTotal, a tie going to theory), so the course opens with theory
/// and every run of practice sessions follows the theory session that introduces it, in about the course's own
/// theory:practice ratio. One exception keeps the course ending on practice: once the practice left fits into the
/// longest daily slot, the theory left is taught first.</para>
/// <para>A year the calendar does not cover (its holidays not yet published) is planned on its weekends like any
/// other, since nothing is known against them; the result then lists those dates and is provisional, never silently
/// ordinary.</para>
/// <para>Each session fills its slot, except the last session of each kind, which lasts only the minutes still owed,
/// so theory and practice are covered to the minute.</para>
/// <para>The cohort keeps one venue and one instructor where it can: the fixed ones of the request, otherwise the
/// large-enough venue and the active instructor free at the most of its sessions (the first listed on a tie), with
/// another free one standing in only for the sessions where that one is booked.</para>
/// </remarks>
public static class TimetableGenerator
{
    /// <summary>How far past the start date class days are looked for before the request is refused.</summary>
    private const int HorizonDays = 3 * 366;

    /// <summary>How far past a clashing session the "next free slot" suggestion looks.</summary>
    private const int SuggestionHorizonDays = 366;

    private const int MaxAlternatives = 3;

    private const string HorizonCode = "timetable.horizon";

    public static TimetableResult Generate(TimetableRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        new Run(request, progress, cancellationToken).Execute();

    private readonly record struct Step(DateOnly Date, int SlotIndex, SessionKind Kind, TimeOnly Start, TimeOnly End)
    {
        public int Minutes => (int)(End - Start).TotalMinutes;
    }

    private readonly record struct Placement(int VenueId, int InstructorId, List<Clash>? Clashes)
    {
        public bool Placed => Clashes is null;
    }

    /// <summary>The minutes owed of each kind and the interleaving rule that picks the kind of the next slot.</summary>
    private sealed class HoursLedger(int theoryMinutes, int practiceMinutes, int longestSlotMinutes)
    {
        public int TheoryDone { get; private set; }
        public int PracticeDone { get; private set; }
        public int TheoryLeft => theoryMinutes - TheoryDone;
        public int PracticeLeft => practiceMinutes - PracticeDone;
        public int Done => TheoryDone + PracticeDone;
        public int Total => theoryMinutes + practiceMinutes;
        public bool Complete => TheoryLeft == 0 && PracticeLeft == 0;

        public SessionKind NextKind()
        {
            if (TheoryLeft == 0) return SessionKind.Practice;
            if (PracticeLeft == 0) return SessionKind.Theory;
            if (PracticeLeft <= longestSlotMinutes) return SessionKind.Theory;
            return (long)TheoryDone * practiceMinutes <= (long)PracticeDone * theoryMinutes ? SessionKind.Theory : SessionKind.Practice;
        }

        public int MinutesFor(SessionKind kind, int slotMinutes) => Math.Min(slotMinutes, kind == SessionKind.Theory ? TheoryLeft : PracticeLeft);

        public void Take(SessionKind kind, int minutes)
        {
            if (kind == SessionKind.Theory) TheoryDone += minutes;
            else PracticeDone += minutes;
        }
    }

    private sealed class Run
    {
        private readonly TimetableRequest _request;
        private readonly IProgress<int>? _progress;
        private readonly CancellationToken _ct;
        private readonly TimeSlot[] _slots;
        private readonly int[] _slotMinutes;
        private readonly int[] _venues;
        private readonly int[] _instructors;
        private readonly int? _fixedVenue;
        private readonly int? _fixedInstructor;
        private int _primaryVenue;
        private int _primaryInstructor;
        private int _lastPercent = -1;

        public Run(TimetableRequest request, IProgress<int>? progress, CancellationToken ct)
        {
            _request = request;
            _progress = progress;
            _ct = ct;
            ArgumentNullException.ThrowIfNull(request.Calendar);
            ArgumentNullException.ThrowIfNull(request.Bookings);

            var pattern = request.Pattern;
            if (pattern is WeekendPattern.None || (pattern & ~WeekendPattern.Both) != 0)
                throw new RuleViolation("timetable.pattern", "Choose Saturday, Sunday or both.", "weekendPattern");
            _slots = [.. TimeSlot.Validate(request.Slots ?? [])];
            if (_slots.Any(s => s.Start.Ticks % TimeSpan.TicksPerMinute != 0 || s.End.Ticks % TimeSpan.TicksPerMinute != 0))
                throw new RuleViolation("timetable.slot-minutes", "Daily slots start and end on whole minutes.", "dailySlots");
            _slotMinutes = [.. _slots.Select(s => (int)s.Length.TotalMinutes)];
            if (request.TheoryHours < 0 || request.PracticeHours < 0 || request.TheoryHours + request.PracticeHours is < 1 or > 1000)
                throw new RuleViolation("timetable.hours", "Theory and practice hours are not negative and add up to 1 to 1000.", "theoryHours");
            if (request.Capacity < 1)
                throw new RuleViolation("timetable.capacity", "The cohort seats at least one learner.", "capacity");

            var venues = request.Venues ?? [];
            if (request.VenueId is { } venueId)
            {
                var venue = venues.FirstOrDefault(v => v.Id == venueId)
                    ?? throw new RuleViolation("timetable.venue-unknown", $"Venue {venueId} is not one of the center's venues.", "venueId");
                if (venue.Capacity < request.Capacity)
                    throw new RuleViolation("timetable.venue-too-small", $"Venue {venueId} seats {venue.Capacity}, fewer than the cohort's {request.Capacity}.", "venueId");
                _fixedVenue = venueId;
            }
            _venues = [.. venues.Where(v => v.Capacity >= request.Capacity).Select(v => v.Id).Distinct()];
            if (_venues.Length == 0)
                throw new RuleViolation("timetable.no-venue-large-enough", $"No venue of the center seats the cohort's {request.Capacity}.", "venueId");

            var instructors = request.Instructors ?? [];
            if (request.InstructorId is { } instructorId)
            {
                var instructor = instructors.FirstOrDefault(i => i.Id == instructorId)
                    ?? throw new RuleViolation("timetable.instructor-unknown", $"Instructor {instructorId} is not one of the center's instructors.", "instructorId");
                if (!instructor.Active)
                    throw new RuleViolation("timetable.instructor-inactive", $"Instructor {instructorId} is not active.", "instructorId");
                _fixedInstructor = instructorId;
            }
            _instructors = [.. instructors.Where(i => i.Active).Select(i => i.Id).Distinct()];
            if (_instructors.Length == 0)
                throw new RuleViolation("timetable.no-instructor", "The center has no active instructor.", "instructorId");
        }

        public TimetableResult Execute()
        {
            var plan = Walk(place: null);
            _primaryVenue = _fixedVenue ?? ChoosePrimary(_venues, plan, VenueFree);
            _primaryInstructor = _fixedInstructor ?? ChoosePrimary(_instructors, plan, InstructorFree);

            var sessions = new List<PlannedSession>(plan.Count);
            var conflicts = new List<(Step Step, List<Clash> Clashes)>();
            var done = 0;
            var total = plan.Sum(s => s.Minutes);
            foreach (var step in plan)
            {
                _ct.ThrowIfCancellationRequested();
                var placement = Place(step.Date, step.Start, step.End);
                if (placement.Placed)
                    sessions.Add(new PlannedSession(sessions.Count + 1, step.Date, step.Start, step.End, step.Kind, placement.VenueId, placement.InstructorId));
                else
                    conflicts.Add((step, placement.Clashes!));
                Report(done += step.Minutes, total, cap: 99);
            }

            if (conflicts.Count == 0)
            {
                Report(total, total);
                return TimetableResult.Success(sessions, [], _request.Calendar);
            }
            if (_request.SkipBookedSlots && GenerateAroundBookings() is { } around)
            {
                Report(total, total);
                return around;
            }

            var taken = plan.Select(s => (s.Date, s.SlotIndex)).ToHashSet();
            var report = new ConflictReport(_request.CohortId, plan.Count,
                [.. conflicts.Select(c => new SessionConflict(c.Step.Date, c.Step.Start, c.Step.End, c.Step.Kind, c.Clashes, Suggest(c.Step, c.Clashes, taken)))]);
            Report(total, total);
            return TimetableResult.Failure(report);
        }

        /// <summary>The timetable with booked slots passed over, or null when the bookings leave too few free slots within the horizon.</summary>
        private TimetableResult? GenerateAroundBookings()
        {
            var placements = new List<Placement>();
            var skipped = new List<SessionConflict>();
            List<Step> steps;
            try
            {
                steps = Walk(place: step =>
                {
                    var placement = Place(step.Date, step.Start, step.End);
                    if (placement.Placed) placements.Add(placement);
                    else skipped.Add(new SessionConflict(step.Date, step.Start, step.End, step.Kind, placement.Clashes!, []));
                    return placement.Placed;
                });
            }
            catch (RuleViolation e) when (e.Code == HorizonCode)
            {
                return null;
            }
            var sessions = steps
                .Select((s, i) => new PlannedSession(i + 1, s.Date, s.Start, s.End, s.Kind, placements[i].VenueId, placements[i].InstructorId))
                .ToList();
            return TimetableResult.Success(sessions, skipped, _request.Calendar);
        }

        /// <summary>
        /// Walks the class-day slots from the start date and fills them by the interleaving rule until both kinds of
        /// hours are covered. A slot that <paramref name="place"/> refuses is passed over and the next one is tried.
        /// </summary>
        private List<Step> Walk(Func<Step, bool>? place)
        {
            var ledger = new HoursLedger(_request.TheoryHours * 60, _request.PracticeHours * 60, _slotMinutes.Max());
            var steps = new List<Step>();
            var horizon = _request.StartsOn.AddDays(HorizonDays);
            for (var date = _request.StartsOn; !ledger.Complete; date = date.AddDays(1))
            {
                if (date > horizon)
                    throw new RuleViolation(HorizonCode,
                        $"The course's hours do not fit into the class days of the {HorizonDays / 366} years from {_request.StartsOn:yyyy-MM-dd}.", "startsOn");
                if (!_request.Calendar.IsClassDay(date, _request.Pattern)) continue;
                _ct.ThrowIfCancellationRequested();
                for (var i = 0; i < _slots.Length && !ledger.Complete; i++)
                {
                    var kind = ledger.NextKind();
                    var minutes = ledger.MinutesFor(kind, _slotMinutes[i]);
                    var step = new Step(date, i, kind, _slots[i].Start, _slots[i].Start.AddMinutes(minutes));
                    if (place is not null && !place(step)) continue;
                    ledger.Take(kind, minutes);
                    steps.Add(step);
                    if (place is not null) Report(ledger.Done, ledger.Total, cap: 99);
                }
            }
            return steps;
        }

        private Placement Place(DateOnly date, TimeOnly start, TimeOnly end)
        {
            List<Clash>? clashes = null;
            int venue = 0, instructor = 0;

            if (_fixedVenue is { } fixedVenue)
            {
                if (_request.Bookings.VenueClash(fixedVenue, date, start, end, _request.CohortId) is { } booked)
                    (clashes ??= []).Add(new Clash(ClashReason.VenueBooked, VenueId: fixedVenue, ByCohortId: booked.CohortId));
                else venue = fixedVenue;
            }
            else if (FirstFree(_venues, _primaryVenue, id => VenueFree(id, date, start, end)) is { } free) venue = free;
            else (clashes ??= []).Add(new Clash(ClashReason.NoFreeVenue));

            if (_fixedInstructor is { } fixedInstructor)
            {
                if (_request.Bookings.InstructorClash(fixedInstructor, date, start, end, _request.CohortId) is { } booked)
                    (clashes ??= []).Add(new Clash(ClashReason.InstructorBooked, InstructorId: fixedInstructor, ByCohortId: booked.CohortId));
                else instructor = fixedInstructor;
            }
            else if (FirstFree(_instructors, _primaryInstructor, id => InstructorFree(id, date, start, end)) is { } free) instructor = free;
            else (clashes ??= []).Add(new Clash(ClashReason.NoFreeInstructor));

            return new Placement(venue, instructor, clashes);
        }

        private List<Suggestion> Suggest(Step step, List<Clash> clashes, HashSet<(DateOnly, int)> taken)
        {
            var suggestions = new List<Suggestion>();
            if (clashes.Any(c => c.Reason == ClashReason.VenueBooked))
                suggestions.AddRange(_venues
                    .Where(v => v != _fixedVenue && VenueFree(v, step.Date, step.Start, step.End))
                    .Take(MaxAlternatives)
                    .Select(v => new Suggestion(SuggestionKind.OtherVenue, VenueId: v)));
            if (clashes.Any(c => c.Reason == ClashReason.InstructorBooked))
                suggestions.AddRange(_instructors
                    .Where(i => i != _fixedInstructor && InstructorFree(i, step.Date, step.Start, step.End))
                    .Take(MaxAlternatives)
                    .Select(i => new Suggestion(SuggestionKind.OtherInstructor, InstructorId: i)));
            if (NextFreeSlot(step, taken) is { } next) suggestions.Add(next);
            return suggestions;
        }

        /// <summary>The first later class-day slot, long enough and not used by this timetable or an earlier suggestion, where the session could be placed.</summary>
        private Suggestion? NextFreeSlot(Step step, HashSet<(DateOnly, int)> taken)
        {
            var firstSlot = step.SlotIndex + 1;
            var horizon = step.Date.AddDays(SuggestionHorizonDays);
            for (var date = step.Date; date <= horizon; date = date.AddDays(1), firstSlot = 0)
            {
                if (!_request.Calendar.IsClassDay(date, _request.Pattern)) continue;
                for (var i = firstSlot; i < _slots.Length; i++)
                {
                    if (_slotMinutes[i] < step.Minutes || taken.Contains((date, i))) continue;
                    var start = _slots[i].Start;
                    var end = start.AddMinutes(step.Minutes);
                    var placement = Place(date, start, end);
                    if (!placement.Placed) continue;
                    taken.Add((date, i));
                    return new Suggestion(SuggestionKind.NextFreeSlot, placement.VenueId, placement.InstructorId, date, start, end);
                }
            }
            return null;
        }

        private bool VenueFree(int id, DateOnly date, TimeOnly start, TimeOnly end) =>
            _request.Bookings.VenueClash(id, date, start, end, _request.CohortId) is null;

        private bool InstructorFree(int id, DateOnly date, TimeOnly start, TimeOnly end) =>
            _request.Bookings.InstructorClash(id, date, start, end, _request.CohortId) is null;

        private bool VenueFree(int id, Step s) => VenueFree(id, s.Date, s.Start, s.End);

        private bool InstructorFree(int id, Step s) => InstructorFree(id, s.Date, s.Start, s.End);

        private static int? FirstFree(int[] candidates, int primary, Func<int, bool> free)
        {
            if (free(primary)) return primary;
            foreach (var id in candidates)
                if (id != primary && free(id)) return id;
            return null;
        }

        /// <summary>The candidate free at the most sessions of the plan; the first listed wins a tie.</summary>
        private static int ChoosePrimary(int[] candidates, List<Step> plan, Func<int, Step, bool> free)
        {
            int best = candidates[0], bestCount = -1;
            foreach (var id in candidates)
            {
                var count = 0;
                foreach (var step in plan)
                    if (free(id, step)) count++;
                if (count > bestCount) (best, bestCount) = (id, count);
                if (count == plan.Count) break;
            }
            return best;
        }

        /// <summary>Reports a rising percentage; loops cap it below 100 so 100 means the result is ready.</summary>
        private void Report(int done, int total, int cap = 100)
        {
            if (_progress is null || total == 0) return;
            var percent = (int)Math.Min(cap, (long)done * 100 / total);
            if (percent <= _lastPercent) return;
            _lastPercent = percent;
            _progress.Report(percent);
        }
    }
}
