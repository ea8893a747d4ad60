using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TrainerAcademy.Features.Attendance;

/// <summary>
/// The rotating code a classroom screen shows: an HMAC-SHA256 over the session id and the current 30-second step, cut to
/// 80 bits. A code is accepted during its own step and the next, so a learner who scans just before it turns still gets in,
/// and a photo of the screen is useless a minute later.
/// </summary>
[FeatureService(ServiceLifetime.Singleton)]
public sealed class CheckInCodes
{
    public const int StepSeconds = 30;
    private readonly byte[] _key;

    public CheckInCodes(IOptions<AttendanceOptions> options, ILogger<CheckInCodes> log)
    {
        if (options.Value.CheckInKey is { Length: > 0 } configured)
        {
            _key = Convert.FromBase64String(configured);
            if (_key.Length < 32) throw new InvalidOperationException("Attendance:CheckInKey must be at least 32 bytes (base64).");
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
            log.LogInformation("Attendance:CheckInKey is not set; classroom codes use a key of this process only.");
        }
    }

    public static long StepAt(DateTimeOffset now) => now.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>When the step of <paramref name="now"/> ends and the screen shows the next code.</summary>
    public static DateTimeOffset StepEndsAt(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds((StepAt(now) + 1) * StepSeconds);

    public string CodeFor(int sessionId, long step)
    {
        var message = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"attendance:{sessionId}:{step}"));
        var mac = HMACSHA256.HashData(_key, message);
        return Convert.ToBase64String(mac, 0, 10).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public string CurrentCode(int sessionId, DateTimeOffset now) => CodeFor(sessionId, StepAt(now));

    /// <summary>True for the code of the current step or of the one before.</summary>
    public bool IsValid(int sessionId, string? code, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return false;
        var given = Encoding.ASCII.GetBytes(code.Trim());
        var step = StepAt(now);
        var current = CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(CodeFor(sessionId, step)));
        var previous = CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(CodeFor(sessionId, step - 1)));
        return current | previous;
    }
}
