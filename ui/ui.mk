# The viewer (ui/): ncurses for the standalone tool, the viewer's unit
# tests (tests/unit/test_ui_*.c, which link the ui objects) and its screen
# tests (tests/ui/, tmux). Included by the top-level Makefile after
# tests/tests.mk.
#
#   make ui-tests      screen tests: tmux drives the viewer on the test dumps
#   make ui-expected   record the expected screens again (review the diff)

UI_LIBS     := -lncursesw -ltinfo
UI_CORE_OBJ  = $(filter-out $(BUILD)/ui/main.o,$(UI_OBJ))
UI_TESTS    := $(sort $(wildcard tests/ui/test_*.py))

$(BUILD)/pagescope: LIBS += $(UI_LIBS)

$(BUILD)/libpagescope-ui.a: $(UI_CORE_OBJ)
	$(AR) rcs $@ $^

# A shorter stem than tests.mk's $(BUILD)/tests/unit/%: this rule wins.
$(BUILD)/tests/unit/test_ui_%: tests/unit/test_ui_%.c $(BUILD)/libpagescope-ui.a \
		$(BUILD)/libpagescope.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Iui $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(UI_LIBS) -lcmocka

ui-tests: all
	@for t in $(UI_TESTS); do \
		PS_DUMPS=$(abspath $(DUMPS)) $(TAP) "ui/$${t##*/}" -- python3 $$t; \
	done

ui-expected: all
	@for t in $(UI_TESTS); do \
		PS_UI_RECORD=1 PS_DUMPS=$(abspath $(DUMPS)) python3 $$t; \
	done

.PHONY: ui-tests ui-expected
