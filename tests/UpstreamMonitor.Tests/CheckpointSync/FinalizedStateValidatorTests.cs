using System.Text;
using UpstreamMonitor.CheckpointSync;

namespace UpstreamMonitor.Tests.CheckpointSync;

public sealed class FinalizedStateValidatorTests
{
    [Fact]
    public void A_well_formed_state_at_the_target_slot_is_valid()
    {
        var result = FinalizedStateValidator.Validate(SszStates.State(36), 36);

        Assert.Equal(StateVerdict.Valid, result.Verdict);
        Assert.Equal(36, result.Slot);
    }

    [Fact]
    public void The_bare_fixed_part_is_enough()
    {
        Assert.Equal(StateVerdict.Valid, FinalizedStateValidator.Validate(SszStates.State(4, length: 228), 4).Verdict);
    }

    [Fact]
    public void A_state_shorter_than_the_fixed_part_is_invalid()
    {
        var result = FinalizedStateValidator.Validate(SszStates.State(36, length: 227), 36);

        Assert.Equal(StateVerdict.Invalid, result.Verdict);
        Assert.Contains("227 bytes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_first_offset_is_invalid()
    {
        var result = FinalizedStateValidator.Validate(SszStates.State(36, firstOffset: 232), 36);

        Assert.Equal(StateVerdict.Invalid, result.Verdict);
        Assert.Contains("offset is 232", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_refused_as_text()
    {
        var json = Encoding.UTF8.GetBytes("{\"config\":{\"genesis_time\":1700000000},\"slot\":36," + new string(' ', 300) + "}");

        var result = FinalizedStateValidator.Validate(json, 36);

        Assert.Equal(StateVerdict.Invalid, result.Verdict);
        Assert.Contains("text", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_slot_is_invalid_and_a_newer_one_means_finalization_moved_on()
    {
        var older = FinalizedStateValidator.Validate(SszStates.State(32), 36);
        var newer = FinalizedStateValidator.Validate(SszStates.State(40), 36);

        Assert.Equal(StateVerdict.Invalid, older.Verdict);
        Assert.Equal(StateVerdict.NewerThanTarget, newer.Verdict);
        Assert.Equal(40, newer.Slot);
    }

    [Fact]
    public void A_block_must_be_binary_with_an_offset_inside_it()
    {
        Assert.True(FinalizedStateValidator.IsPlausibleBlock(SszStates.Block(36)));
        Assert.False(FinalizedStateValidator.IsPlausibleBlock(Encoding.UTF8.GetBytes("{\"message\":{}}")));
        Assert.False(FinalizedStateValidator.IsPlausibleBlock([]));
    }
}
