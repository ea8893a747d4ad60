using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSessions;
using TrainerAcademy.Features.Payments;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Testing;

namespace TrainerAcademy.Tests.Time;

/// <summary>
/// Numbers that carry a year or a day take it from the calendar in Beijing: on 31 December after 16:00 UTC it is
/// already the new year in China, and before it the old one still.
/// </summary>
public sealed class YearInBeijingTests
{
    // 2027-12-31 23:30 in Beijing is 15:30 UTC, still 2027 in both; half an hour past midnight in Beijing, UTC is still in 2027.
    private static readonly DateTimeOffset NewYearsEveInBeijing = TestClock.Beijing(2027, 12, 31, 23, 30);
    private static readonly DateTimeOffset NewYearInBeijingOnly = TestClock.Beijing(2028, 1, 1, 0, 30);

    [Fact]
    public void Today_is_the_day_in_china_not_in_utc()
    {
        Assert.Equal(2027, NewYearInBeijingOnly.UtcDateTime.Year);
        Assert.Equal(new DateOnly(2028, 1, 1), new TestClock(NewYearInBeijingOnly).Today());
        Assert.Equal(new DateOnly(2027, 12, 31), new TestClock(NewYearsEveInBeijing).Today());
    }

    [Fact]
    public void A_receipt_paid_after_midnight_in_beijing_is_numbered_with_the_new_day()
    {
        Assert.Equal("R3101-20280101-000042", PaymentReceipt.Number("3101", NewYearInBeijingOnly, 42));
        Assert.Equal("R3101-20271231-000042", PaymentReceipt.Number("3101", NewYearsEveInBeijing, 42));
        // The same moment written in any offset gives the same number.
        Assert.Equal("R3101-20280101-000042", PaymentReceipt.Number("3101", NewYearInBeijingOnly.ToOffset(TimeSpan.FromHours(-5)), 42));
    }

    [Theory]
    [InlineData(2028, 1, 1, 0, 30, "28")]
    [InlineData(2027, 12, 31, 23, 30, "27")]
    [InlineData(2027, 1, 1, 7, 59, "27")]
    public void An_admission_ticket_takes_the_year_of_its_window_in_beijing(int year, int month, int day, int hour, int minute, string yy)
    {
        var start = TestClock.Beijing(year, month, day, hour, minute);
        var session = new ExamSession(1, 4, 1, "跨年场次", ExamMode.Online, null, 10, start, start.AddHours(2), start.AddDays(-1), false, start.AddDays(-30));

        var ticket = RegisterForExam.TicketNumber(session, 7);

        Assert.StartsWith(yy + "4", ticket);
        Assert.EndsWith("0007", ticket);
    }
}
