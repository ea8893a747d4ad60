using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Domain;

public class TimeSlotTests
{
    [Theory]
    [InlineData("09:00-12:00", 9, 0, 12, 0)]
    [InlineData("9:00-12:00", 9, 0, 12, 0)]
    [InlineData(" 13:30 - 17:30 ", 13, 30, 17, 30)]
    public void A_slot_is_parsed_from_its_text(string text, int h1, int m1, int h2, int m2)
    {
        var slot = TimeSlot.Parse(text);

        Assert.Equal(new TimeOnly(h1, m1), slot.Start);
        Assert.Equal(new TimeOnly(h2, m2), slot.End);
        Assert.Equal(new TimeOnly(h2, m2) - new TimeOnly(h1, m1), slot.Length);
    }

    [Fact]
    public void A_slot_prints_in_its_canonical_form() =>
        Assert.Equal("09:00-12:00", TimeSlot.Parse("9:00-12:00").ToString());

    [Theory]
    [InlineData("09:00")]
    [InlineData("9-12")]
    [InlineData("09:00-12:00-13:00")]
    [InlineData("25:00-26:00")]
    [InlineData("morning")]
    [InlineData("")]
    public void Text_that_is_not_a_slot_is_refused(string text)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => TimeSlot.Parse(text));
        Assert.Equal("slot.format", e.Code);
        Assert.Equal("dailySlots", e.Field);
    }

    [Theory]
    [InlineData("12:00-09:00", "slot.order")]
    [InlineData("09:00-09:00", "slot.order")]
    [InlineData("09:00-09:29", "slot.too-short")]
    public void A_slot_must_end_at_least_half_an_hour_after_it_starts(string text, string code) =>
        Assert.Equal(code, Assert.ThrowsAny<RuleViolation>(() => TimeSlot.Parse(text)).Code);

    [Fact]
    public void A_half_hour_slot_is_accepted() =>
        Assert.Equal(TimeSpan.FromMinutes(30), TimeSlot.Parse("09:00-09:30").Length);

    [Fact]
    public void A_list_is_sorted_and_accepts_semicolons_commas_new_lines_and_chinese_punctuation()
    {
        var slots = TimeSlot.ParseList("18:00-20:00，13:30-17:30\n09:00-12:00；20:00-21:00");

        Assert.Equal(["09:00-12:00", "13:30-17:30", "18:00-20:00", "20:00-21:00"], slots.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData("09:00-12:00; 11:30-13:00")]
    [InlineData("13:00-15:00; 09:00-13:30")]
    [InlineData("09:00-12:00; 09:00-12:00")]
    public void Overlapping_slots_are_refused(string text) =>
        Assert.Equal("slot.overlap", Assert.ThrowsAny<RuleViolation>(() => TimeSlot.ParseList(text)).Code);

    [Fact]
    public void A_slot_may_start_when_the_previous_one_ends() =>
        Assert.Equal(2, TimeSlot.ParseList("09:00-12:00; 12:00-13:00").Count);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ; , ")]
    public void A_day_needs_at_least_one_slot(string? text) =>
        Assert.Equal("slot.none", Assert.ThrowsAny<RuleViolation>(() => TimeSlot.ParseList(text)).Code);

    [Fact]
    public void Formatting_a_list_gives_text_that_parses_back_to_the_same_slots()
    {
        var slots = TimeSlot.ParseList("13:30-17:30; 09:00-12:00");

        Assert.Equal(slots, TimeSlot.ParseList(TimeSlot.Format(slots)));
    }
}
