using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>The admission ticket (准考证) PDF of a registration, for its candidate and the session's center staff.</summary>
public static class AdmissionTicket
{
    public sealed record File(string FileName, byte[] Pdf);

    public sealed class Handler(AcademyDbContext db, CurrentUser user, PublicUrl publicUrl, PdfRenderer renderer)
    {
        public async Task<File> RenderAsync(int registrationId, CancellationToken ct = default)
        {
            var row = await (
                from r in db.ExamRegistrations.AsNoTracking()
                where r.Id == registrationId && r.Status == RegistrationStatus.Registered
                join s in db.ExamSessions on r.SessionId equals s.Id
                join b in db.ExamBlueprints on s.BlueprintId equals b.Id
                join c in db.Centers on s.CenterId equals c.Id
                join l in db.SkillLevels on s.Level equals l.Level
                join u in db.Users on r.LearnerId equals u.Id
                from v in db.Venues.Where(v => v.Id == s.VenueId).DefaultIfEmpty()
                from p in db.LearnerProfiles.Where(p => p.UserId == r.LearnerId).DefaultIfEmpty()
                select new
                {
                    Registration = r, Session = s, b.DurationMinutes, CenterName = c.Name, LevelName = l.Name, u.Email, u.DisplayName,
                    VenueName = v == null ? null : v.Name, VenueAddress = v == null ? null : v.Address,
                    RealName = p == null ? null : p.RealName, IdType = p == null ? (IdType?)null : p.IdType, IdNumber = p == null ? null : p.IdNumber,
                })
                .SingleOrDefaultAsync(ct);
            if (row is null || (row.Registration.LearnerId != user.Id && !user.CanManage(row.Session.CenterId)))
                throw new NotFoundException();

            var reg = row.Registration;
            var session = row.Session;
            var place = session.Mode == ExamMode.Online
                ? "线上考试（在 TrainerAcademy 网站作答）/ Online"
                : $"{row.VenueName}{(string.IsNullOrWhiteSpace(row.VenueAddress) ? "" : "，" + row.VenueAddress)}";
            var minutes = row.DurationMinutes + reg.AccommodationMinutes;
            var pdf = renderer.Render($"准考证 Admission ticket {reg.TicketNumber}", pdf => pdf
                    .RightNote($"准考证号 Ticket No. {reg.TicketNumber}")
                    .Title("准考证")
                    .Subtitle("ADMISSION TICKET · 人工智能训练师 理论知识考试")
                    .Facts([
                        new("准考证号", "Ticket number", reg.TicketNumber, Emphasis: true),
                        new("姓名", "Candidate", row.RealName ?? row.DisplayName ?? row.Email ?? ""),
                        new("证件号码", "ID number", Mask(row.IdNumber)),
                        new("职业（工种）", "Occupation", "人工智能训练师"),
                        new("申报等级", "Level", row.LevelName),
                        new("考试场次", "Session", session.Title),
                        new("考试时间窗口", "Window", $"{session.WindowStart.ChineseDateTime()} 至 {session.WindowEnd.ChineseDateTime()}"),
                        new("答题时长", "Duration", $"{minutes} 分钟" + (reg.AccommodationMinutes > 0 ? $"（含延长 {reg.AccommodationMinutes} 分钟）" : "")),
                        new("考试地点", "Place", place),
                        new("组织机构", "Organised by", row.CenterName),
                    ])
                    .QrCode($"{publicUrl.Base}/exams/registrations/{reg.Id}", 28, PdfAlign.Right, "扫码查看报名 Scan to open the registration")
                    .Heading("考生须知", "Rules for candidates")
                    .Paragraph("1. 考试在时间窗口内开始，开始后计时以服务器时间为准，时间到系统自动交卷；窗口结束时未交的试卷同样自动提交。")
                    .Paragraph("2. 答案在每题作答后自动保存；网络中断时答案保存在本机，恢复连接后自动补交，页面显示“已保存”才表示服务器已收到。")
                    .Paragraph("3. 考试期间不得离开考试页面、查阅资料或与他人交流；离开页面的情况会被记录。")
                    .Paragraph("4. 现场考试须携带本准考证和有效身份证件，提前 20 分钟到达考场；线上考试请使用稳定网络并提前登录。")
                    .Paragraph("5. 成绩经评价机构审核发布后可在网站查询；理论知识考试和技能考核均达到 60 分为合格。")
                    .Footer($"TrainerAcademy · 人工智能训练师职业技能等级认定 · 准考证 {reg.TicketNumber}"),
                subject: session.Title);
            return new File($"admission-ticket-{reg.TicketNumber}.pdf", pdf);
        }

        /// <summary>Only the first 6 and the last 4 characters of an ID number go on paper.</summary>
        private static string Mask(string? idNumber) =>
            idNumber is { Length: > 10 } id ? id[..6] + new string('*', id.Length - 10) + id[^4..] : idNumber ?? "--";
    }
}
