// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "palette.h"

enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };

/* Only the 8 ANSI colours: this must read on any colour terminal. */
const struct ps_ui_palette ps_ui_palette_colour = {
	.name = "colour",
	.colour = true,
	.styles = {
		[PS_UI_normal] = { PS_UI_DEFAULT, PS_UI_DEFAULT, 0 },
		[PS_UI_title] = { WHITE, BLUE, 0 },
		[PS_UI_tab] = { WHITE, BLUE, 0 },
		[PS_UI_tab_active] = { BLACK, CYAN, PS_UI_BOLD },
		[PS_UI_header] = { CYAN, PS_UI_DEFAULT, PS_UI_BOLD },
		[PS_UI_status] = { BLACK, WHITE, 0 },
		[PS_UI_cursor] = { BLACK, CYAN, 0 },
		[PS_UI_dim] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_DIM },
		[PS_UI_key] = { YELLOW, PS_UI_DEFAULT, PS_UI_BOLD },
		[PS_UI_ok] = { GREEN, PS_UI_DEFAULT, 0 },
		[PS_UI_warn] = { YELLOW, PS_UI_DEFAULT, PS_UI_BOLD },
		[PS_UI_bad] = { WHITE, RED, PS_UI_BOLD },
		[PS_UI_prompt] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD },
	},
};

/* Attributes only: NO_COLOR, monochrome terminals. */
const struct ps_ui_palette ps_ui_palette_mono = {
	.name = "monochrome",
	.colour = false,
	.styles = {
		[PS_UI_normal] = { PS_UI_DEFAULT, PS_UI_DEFAULT, 0 },
		[PS_UI_title] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_REVERSE },
		[PS_UI_tab] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_REVERSE },
		[PS_UI_tab_active] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD | PS_UI_UNDERLINE },
		[PS_UI_header] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD },
		[PS_UI_status] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_REVERSE },
		[PS_UI_cursor] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_REVERSE },
		[PS_UI_dim] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_DIM },
		[PS_UI_key] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD },
		[PS_UI_ok] = { PS_UI_DEFAULT, PS_UI_DEFAULT, 0 },
		[PS_UI_warn] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD },
		[PS_UI_bad] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD | PS_UI_UNDERLINE },
		[PS_UI_prompt] = { PS_UI_DEFAULT, PS_UI_DEFAULT, PS_UI_BOLD },
	},
};

/* https://no-color.org: present and not empty means no colour. */
const struct ps_ui_palette *ps_ui_palette_choose(bool terminal_has_colour)
{
	const char *no_color = getenv("NO_COLOR");

	if ((no_color && *no_color) || !terminal_has_colour)
		return &ps_ui_palette_mono;
	return &ps_ui_palette_colour;
}

static unsigned ps_ui_cube(uint8_t v)
{
	return v < 48 ? 0 : v < 115 ? 1 : (unsigned)(v - 35) / 40;
}

short ps_ui_rgb_to_256(const uint8_t rgb[3])
{
	return (short)(16 + 36 * ps_ui_cube(rgb[0]) + 6 * ps_ui_cube(rgb[1]) +
		       ps_ui_cube(rgb[2]));
}

short ps_ui_rgb_to_8(const uint8_t rgb[3])
{
	static const uint8_t ansi[8][3] = {
		{ 0, 0, 0 },	 { 205, 0, 0 },	  { 0, 205, 0 },   { 205, 205, 0 },
		{ 0, 0, 238 },	 { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	};
	long best = -1;
	short pick = 0;

	for (short i = 0; i < 8; i++) {
		long d = 0;

		for (int k = 0; k < 3; k++)
			d += (long)(rgb[k] - ansi[i][k]) * (rgb[k] - ansi[i][k]);
		if (best < 0 || d < best) {
			best = d;
			pick = i;
		}
	}
	return pick;
}

bool ps_ui_rgb_is_light(const uint8_t rgb[3])
{
	return 299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2] > 140000;
}
