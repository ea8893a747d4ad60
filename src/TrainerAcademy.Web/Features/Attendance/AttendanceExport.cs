using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Attendance;

/// <summary>A cohort's attendance as a table: one row per learner, a column per session, then the hours and completion.</summary>
public sealed record AttendanceSheet(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// Staff export a cohort's attendance (their center's cohorts; another center's is a 404) as Excel or CSV, with
/// Chinese headers, for the center's records and the human-resources bureau's subsidy files.
/// </summary>
public static class AttendanceExport
{
    public sealed class Handler(AcademyDbContext db, CenterAccess access, TrainingProgress progress)
    {
        public async Task<AttendanceSheet> SheetAsync(int cohortId, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct));
            var title = await (from k in db.Cohorts where k.Id == cohortId join c in db.Courses on k.CourseId equals c.Id select c.Title + " " + k.StartsOn)
                .SingleAsync(ct);
            var sessions = (await db.CohortSessions.AsNoTracking()
                    .Where(s => s.CohortId == cohortId && s.Status == SessionStatus.Scheduled).ToListAsync(ct))
                .OrderBy(s => s.StartsAt).ThenBy(s => s.Sequence).ToList();
            var learners = await (
                from e in db.Enrollments.AsNoTracking()
                where e.CohortId == cohortId && e.Status == EnrollmentStatus.Confirmed
                join u in db.Users on e.LearnerId equals u.Id
                from p in db.LearnerProfiles.Where(p => p.UserId == e.LearnerId).DefaultIfEmpty()
                select new { e.Id, u.Email, Name = p == null ? u.DisplayName : p.RealName ?? u.DisplayName }).ToListAsync(ct);
            var marks = await db.AttendanceRecords.AsNoTracking().Where(r => r.CohortId == cohortId).ToListAsync(ct);
            var markOf = marks.ToDictionary(r => (r.EnrollmentId, r.SessionId));

            var headers = new List<string> { "姓名", "邮箱" };
            headers.AddRange(sessions.Select(s => $"第{s.Sequence}次 {s.Date:MM-dd} {s.Start:HH\\:mm} {(s.Kind == SessionKind.Theory ? "理论" : "实训")}"));
            headers.AddRange(["理论学时", "实训学时", "培训完成"]);

            var rows = new List<IReadOnlyList<string>>();
            foreach (var l in learners.OrderBy(l => l.Name ?? l.Email, StringComparer.Ordinal).ThenBy(l => l.Id))
            {
                var row = new List<string> { string.IsNullOrWhiteSpace(l.Name) ? l.Email ?? "" : l.Name, l.Email ?? "" };
                row.AddRange(sessions.Select(s => markOf.TryGetValue((l.Id, s.Id), out var r) ? AttendanceData.ChineseLabel(r.Status, r.MinutesMissed) : ""));
                var p = await progress.ForEnrollmentAsync(l.Id, ct);
                row.Add(p.Theory.HoursAttended.ToString("0.0", CultureInfo.InvariantCulture));
                row.Add(p.Practice.HoursAttended.ToString("0.0", CultureInfo.InvariantCulture));
                row.Add(p.TrainingComplete ? "是" : "否");
                rows.Add(row);
            }
            return new AttendanceSheet(title, headers, rows);
        }

        public async Task<byte[]> XlsxAsync(int cohortId, CancellationToken ct = default)
        {
            var sheet = await SheetAsync(cohortId, ct);
            using var book = new XLWorkbook();
            var ws = book.Worksheets.Add("考勤");
            for (var c = 0; c < sheet.Headers.Count; c++)
            {
                ws.Cell(1, c + 1).SetValue(SpreadsheetCells.Escape(sheet.Headers[c]));
                ws.Cell(1, c + 1).Style.Font.Bold = true;
            }
            var hoursColumn = sheet.Headers.Count - 2;
            for (var r = 0; r < sheet.Rows.Count; r++)
            {
                for (var c = 0; c < sheet.Rows[r].Count; c++)
                {
                    var text = sheet.Rows[r][c];
                    var cell = ws.Cell(r + 2, c + 1);
                    // Hours are numbers in Excel, so the center can sum them; everything else stays text (no date guessing).
                    if (c is var i && (i == hoursColumn - 1 || i == hoursColumn) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var hours))
                        cell.Value = hours;
                    else
                        cell.SetValue(SpreadsheetCells.Escape(text));
                }
            }
            ws.SheetView.FreezeRows(1);
            ws.SheetView.FreezeColumns(1);
            using var stream = new MemoryStream();
            book.SaveAs(stream);
            return stream.ToArray();
        }

        /// <summary>UTF-8 with a byte order mark, so Excel opens the Chinese text correctly.</summary>
        public async Task<byte[]> CsvAsync(int cohortId, CancellationToken ct = default)
        {
            var sheet = await SheetAsync(cohortId, ct);
            using var stream = new MemoryStream();
            await using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
            {
                csv.WriteRecord(SpreadsheetCells.Escape(sheet.Headers));
                foreach (var row in sheet.Rows) csv.WriteRecord(SpreadsheetCells.Escape(row));
                await csv.FlushAsync(ct);
            }
            return stream.ToArray();
        }
    }
}
