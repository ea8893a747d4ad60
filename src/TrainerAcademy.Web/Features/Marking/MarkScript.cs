using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Marking;

namespace TrainerAcademy.Features.Marking;

public sealed record SubmittedMark(int MarkId, decimal Total, DateTimeOffset SubmittedAt);

/// <summary>
/// An examiner submits their mark of a script they hold: a score for every rubric line and an optional comment. The
/// script's paper then takes the marks (<see cref="ExamAttempt.TakeMarks"/>): agreed marks score the task and may
/// grade the paper; a difference over the threshold sends it to a third examiner. Each submission is written to the
/// paper's audit trail. Two examiners submitting marks of one paper at once conflict on its revision; the later one is
/// applied again on the stored state, so neither mark is judged without the other.
/// </summary>
public static class MarkScript
{
    public sealed record Command
    {
        [Required(ErrorMessage = "Score every rubric line.")]
        public IReadOnlyList<LineMark>? Lines { get; init; }

        [StringLength(ScriptMark.MaxComment)]
        public string? Comment { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser user, TimeProvider clock, IOptions<MarkingOptions> options)
    {
        private const int Tries = 5;

        public async Task<SubmittedMark> SubmitAsync(int markId, Command command, CancellationToken ct = default)
        {
            var me = user.RequiredId;
            var examiner = await db.Users.Where(u => u.Id == me).Select(u => u.Email).SingleOrDefaultAsync(ct);
            for (var attemptNo = 1; ; attemptNo++)
            {
                db.ChangeTracker.Clear();
                var now = clock.GetUtcNow();
                // A claim that lapsed was deleted when someone else took its round.
                var mark = await db.ScriptMarks.SingleOrDefaultAsync(m => m.Id == markId, ct)
                    ?? throw new Domain.GoneViolation("marking.claim-lapsed", "Your hold on this script has lapsed and it went back to the queue; take the next script.");
                if (mark.ExaminerId != me) throw new NotFoundException();
                var attempt = await db.ExamAttempts.Include(a => a.Tasks).SingleAsync(a => a.Id == mark.AttemptId, ct);
                var task = attempt.Tasks.Single(t => t.Id == mark.AttemptTaskId);
                var total = mark.Submit(task.Rubric, command.Lines ?? [], command.Comment, now, options.Value.ClaimHold);
                var marks = await db.ScriptMarks.Where(m => m.AttemptTaskId == task.Id && m.Id != mark.Id).ToListAsync(ct);
                marks.Add(mark);
                var state = attempt.TakeMarks(task, marks, options.Value.ThirdMarkerThresholdPercent, now);
                db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.Marked, now, task.Position,
                    detail: $"round {mark.Round} by {examiner}: {total:0.##}"));
                if (state.Agreed is { } agreed && task.Awarded == agreed)
                    db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.MarksAgreed, now, task.Position,
                        detail: $"{agreed:0.##} from rounds {string.Join(", ", state.Counted)}"));
                else if (state.ThirdMarkerNeeded && mark.Round == 2)
                    db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.ThirdMarkerNeeded, now, task.Position,
                        detail: $"rounds 1 and 2 differ by more than {options.Value.ThirdMarkerThresholdPercent:0.##}% of {task.Points:0.##}"));
                try
                {
                    await db.SaveChangesAsync(ct);
                    return new SubmittedMark(mark.Id, total, now);
                }
                catch (DbUpdateConcurrencyException) when (attemptNo < Tries)
                {
                    // Another mark of this paper landed first: judge this one again with it.
                }
            }
        }
    }
}
