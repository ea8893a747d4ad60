using System.ComponentModel.DataAnnotations;

namespace TrainerAcademy.Features.Attendance;

/// <summary>Attendance rules that centers tune; bound from the "Attendance" section.</summary>
public sealed class AttendanceOptions
{
    /// <summary>How long before a session starts its learners may check in.</summary>
    [Range(0, 240)]
    public int CheckInOpensMinutesBefore { get; set; } = 30;

    /// <summary>A scan later than this after the start records a late arrival, with the minutes missed since the start.</summary>
    [Range(0, 240)]
    public int LateAfterMinutes { get; set; } = 10;

    /// <summary>The share of a course's theory hours, and of its practice hours, a learner attends to complete the training.</summary>
    [Range(0.0, 1.0)]
    public decimal CompletionShare { get; set; } = 0.9m;

    /// <summary>
    /// The key (base64, at least 32 bytes) of the classroom codes. Instances behind one load balancer share it; when it
    /// is not set each process makes its own at start-up, which a single instance does not notice (a code lives a minute).
    /// </summary>
    public string? CheckInKey { get; set; }
}
