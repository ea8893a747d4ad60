using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Data.Practical;
using TrainerAcademy.Domain.Practical;
using static System.FormattableString;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>A generated file of a task, ready to send: its bytes, content type and download name (null to show inline).</summary>
public sealed record MaterialFile(byte[] Content, string ContentType, string? DownloadName);

/// <summary>
/// The generated material of a candidate's task: the scene images of a box task, the text images of a transcription
/// task and the dirty file of a cleaning task, made again from the seed frozen on the paper. Only the attempt's
/// candidate gets them.
/// </summary>
public static class TaskMaterial
{
    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user)
    {
        public async Task<MaterialFile> ImageAsync(int attemptId, int itemId, string imageId, CancellationToken ct)
        {
            var task = await OwnTaskAsync(attemptId, itemId, ct);
            var scene = task.Scenes().SingleOrDefault(s => s.Id == imageId) ?? throw new NotFoundException();
            return new MaterialFile(Encoding.UTF8.GetBytes(BoxScene.Svg(scene)), "image/svg+xml", null);
        }

        public async Task<MaterialFile> ClipAsync(int attemptId, int itemId, string clipId, CancellationToken ct)
        {
            var task = await OwnTaskAsync(attemptId, itemId, ct);
            var clip = (task.Content as TranscriptionContent)?.Items.SingleOrDefault(i => i.Id == clipId) ?? throw new NotFoundException();
            return new MaterialFile(Encoding.UTF8.GetBytes(TextImage.Svg(clip.Reference)), "image/svg+xml", null);
        }

        public async Task<MaterialFile> DirtyFileAsync(int attemptId, int itemId, CancellationToken ct)
        {
            var task = await OwnTaskAsync(attemptId, itemId, ct);
            var dataset = task.Dataset() ?? throw new NotFoundException();
            return new MaterialFile(PracticalCsv.Write(dataset.Dirty), "text/csv; charset=utf-8", Invariant($"{task.Code}-{attemptId}.csv"));
        }

        private async Task<AttemptTask> OwnTaskAsync(int attemptId, int itemId, CancellationToken ct)
        {
            var attempt = await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: false, ct);
            return await db.AttemptTasks.AsNoTracking().SingleOrDefaultAsync(t => t.AttemptId == attempt.Id && t.Position == itemId, ct)
                ?? throw new NotFoundException();
        }
    }
}

/// <summary>
/// The reference text of a transcription clip drawn as an image (a scanned notice, slightly tilted, with noise lines), so
/// the candidate transcribes what they read, as from a recording.
/// </summary>
public static class TextImage
{
    public static string Svg(string text)
    {
        const int perLine = 22, lineHeight = 34, width = 640;
        var elements = Domain.Practical.Transcription.Elements(text);
        var lines = elements.Chunk(perLine).Select(c => string.Concat(c)).ToList();
        var height = 40 + lines.Count * lineHeight;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"));
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fbf8ef\"/>"));
        for (var y = 18; y < height; y += 23)
            svg.Append(Invariant($"<line x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y + 9}\" stroke=\"#e4dccb\" stroke-width=\"1\"/>"));
        svg.Append(Invariant($"<g transform=\"rotate(-1.2 {width / 2} {height / 2})\" font-family=\"'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif\" font-size=\"24\" fill=\"#2b2b2b\">"));
        for (var i = 0; i < lines.Count; i++)
            svg.Append(Invariant($"<text x=\"24\" y=\"{34 + i * lineHeight}\">{WebUtility.HtmlEncode(lines[i])}</text>"));
        svg.Append("</g></svg>");
        return svg.ToString();
    }
}
