// Keeps the presence page live from /presence/stream. The server renders the first
// view; this script words the snapshots and history events that follow the same way
// (see the page package's StateLine, EventWords and Moments), and lays the timeline out
// again as time passes. It only reads: it sends nothing but GETs.
'use strict';

(function () {
	const WINDOW_MILLIS = 24 * 60 * 60 * 1000;
	const RETICK_MILLIS = 30 * 1000;
	const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	const SVG = 'http://www.w3.org/2000/svg';
	const MARKS = ['WRAPPER_ARRIVED', 'WRAPPER_DEPARTED', 'FILE_CLEANED_UP'];
	const MEANINGS = {
		UNKNOWN: 'The service has just started and is reading the wrappers directory.',
		ACTIVE: 'Someone is working with an AI client: the memory daemon stays awake.',
		ABSENT: 'No wrapper is refreshing its heartbeat; it may be a short break.',
		DROWSY: 'Nobody for a while; sleep comes once the idle window has passed.',
		IDLE: 'Nobody for the whole idle window: the memory daemon may consolidate now.'
	};
	const DEPARTURES = {
		FILE_REMOVED: 'ended (removed its own file: a clean exit)',
		PROCESS_ENDED: 'ended (process ended)',
		WENT_STALE: 'went silent (stopped refreshing: stopped, suspended or hung)',
		PID_REUSED: 'ended (its pid now belongs to another process)',
		CLEANED_UP: 'left (its file was cleaned up)'
	};

	const byId = (id) => document.getElementById(id);
	const arrivals = new Map();
	const deletions = new Map();
	let snapshot = null;
	let refetching = false;
	let refetchAgain = false;

	// Moments: a time of today alone, one of yesterday so named, older ones with a date.
	function pad(n) {
		return String(n).padStart(2, '0');
	}

	function day(date) {
		const today = new Date();
		const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
		if (date.toDateString() === today.toDateString()) {
			return '';
		}
		if (date.toDateString() === yesterday.toDateString()) {
			return 'yesterday ';
		}
		return date.getDate() + ' ' + MONTHS[date.getMonth()] + ' ';
	}

	function time(iso) {
		const date = new Date(iso);
		return day(date) + pad(date.getHours()) + ':' + pad(date.getMinutes());
	}

	function preciseTime(iso) {
		const date = new Date(iso);
		return time(iso) + ':' + pad(date.getSeconds());
	}

	function duration(millis) {
		const minutes = Math.max(0, Math.floor(millis / 60000));
		if (minutes < 1) {
			return 'less than a minute';
		}
		if (minutes < 60) {
			return minutes + ' min';
		}
		const hours = Math.floor(minutes / 60);
		if (hours < 48) {
			return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
		}
		return Math.floor(hours / 24) + ' days' + (hours % 24 ? ' ' + (hours % 24) + ' h' : '');
	}

	function name(state) {
		return state.charAt(0) + state.slice(1).toLowerCase();
	}

	function headline(s) {
		if (s.state === 'UNKNOWN') {
			return 'Starting: first scan not finished';
		}
		if (s.state === 'ACTIVE') {
			return 'Active: ' + (s.fresh === 1 ? '1 wrapper' : s.fresh + ' wrappers') + ', since ' + time(s.since);
		}
		return name(s.state) + ' for ' + duration(Date.now() - Date.parse(s.since)) + ', '
			+ (s.lastFreshAt ? 'no wrapper since ' + time(s.lastFreshAt) : 'no wrapper seen yet');
	}

	function words(e) {
		return what(e) + detail(e.detail);
	}

	function what(e) {
		switch (e.kind) {
			case 'SERVICE_STARTED': return 'Service started';
			case 'SERVICE_STOPPED': return 'Service stopped';
			case 'PRESENCE_CHANGED':
				return 'Presence ' + String(e.from).toLowerCase() + ' \u2192 ' + String(e.to).toLowerCase();
			case 'WRAPPER_ARRIVED': return 'pid ' + e.pid + ' arrived';
			case 'WRAPPER_DEPARTED': return 'pid ' + e.pid + ' ' + (DEPARTURES[e.reason] || 'left');
			case 'FILE_CLEANED_UP': return 'pid ' + e.pid + '\'s file cleaned up';
			default: return name(String(e.kind).replace(/_/g, ' '));
		}
	}

	function detail(text) {
		if (!text || !text.trim()) {
			return '';
		}
		const since = /^since (\d{4}-\d\d-\d\dT[0-9:.]+Z)$/.exec(text);
		return ' \u2014 ' + (since ? 'since ' + preciseTime(since[1]) : text);
	}

	function element(tag, className, text) {
		const made = document.createElement(tag);
		if (className) {
			made.className = className;
		}
		if (text !== undefined) {
			made.textContent = text;
		}
		return made;
	}

	function timeElement(iso, text) {
		const made = element('time', '', text);
		made.dateTime = iso;
		return made;
	}

	// A refetched snapshot may come back after a newer one the stream sent.
	function isOlder(s) {
		return snapshot !== null && Boolean(s.scannedAt) && Boolean(snapshot.scannedAt)
			&& Date.parse(s.scannedAt) < Date.parse(snapshot.scannedAt);
	}

	// The state line and the wrappers, from a snapshot.
	function showSnapshot(s) {
		if (isOlder(s)) {
			return;
		}
		snapshot = s;
		const line = byId('state');
		line.textContent = headline(s);
		line.className = 'state state-' + s.state.toLowerCase();
		line.dataset.state = s.state;
		byId('meaning').textContent = MEANINGS[s.state] || '';
		const error = byId('error');
		error.hidden = !s.error;
		error.textContent = s.error ? 'Could not read the wrappers directory: ' + s.error : '';
		document.title = name(s.state) + ' \u00b7 Presence';
		bandFrom(s.since, s.state);
		showWrappers(present(s), s.omitted || 0);
		if (s.scannedAt) {
			const scanned = byId('scanned');
			scanned.replaceChildren('Last scan at ', timeElement(s.scannedAt, preciseTime(s.scannedAt)),
				' (' + s.scanMillis + ' ms).');
		}
	}

	// The snapshot's entries but those the cleanup after its scan deleted (the history
	// says so at the scan's moment): a person asks which files are there now.
	function present(s) {
		const scanned = Date.parse(s.scannedAt);
		return (s.entries || []).filter((entry) => !(deletions.has(entry.file)
			&& Date.parse(deletions.get(entry.file)) >= scanned));
	}

	function showWrappers(entries, omitted) {
		const rows = entries.map((entry) => {
			const row = element('tr', 'status-' + entry.status.toLowerCase());
			row.dataset.uuid = entry.uuid;
			const arrived = arrivals.get(entry.uuid);
			const file = element('td', 'file', entry.file);
			file.title = 'uuid ' + entry.uuid;
			row.append(element('td', '', String(entry.pid)), element('td', '', entry.status.toLowerCase()),
				cell(arrived ? timeElement(arrived, time(arrived)) : '\u2014'),
				cell(timeElement(entry.lastRefresh, preciseTime(entry.lastRefresh))), file);
			return row;
		});
		byId('wrappers').tBodies[0].replaceChildren(...rows);
		byId('no-wrappers').hidden = entries.length > 0;
		const more = byId('omitted');
		more.hidden = omitted === 0;
		more.textContent = omitted + ' more not listed.';
	}

	function cell(content) {
		const made = element('td');
		made.append(content);
		return made;
	}

	// The timeline: every band and mark carries its moments; x and width follow from them.
	function layOut() {
		const end = Date.now();
		const start = end - WINDOW_MILLIS;
		const at = (millis) => Math.max(0, Math.min(100, 100 * (millis - start) / WINDOW_MILLIS));
		document.querySelectorAll('#bands rect').forEach((band) => {
			const to = band.dataset.end ? Date.parse(band.dataset.end) : end;
			if (to < start) {
				band.remove();
				return;
			}
			const x = at(Date.parse(band.dataset.start));
			band.setAttribute('x', x.toFixed(3) + '%');
			band.setAttribute('width', (at(to) - x).toFixed(3) + '%');
		});
		document.querySelectorAll('#marks rect').forEach((mark) => {
			const when = Date.parse(mark.dataset.at);
			if (when < start) {
				mark.remove();
				return;
			}
			mark.setAttribute('x', at(when).toFixed(3) + '%');
		});
		document.querySelectorAll('#events li').forEach((item) => {
			if (Date.parse(item.dataset.at) < start) {
				item.remove();
			}
		});
		byId('no-events').hidden = byId('events').children.length > 0;
	}

	function svg(tag, attributes, title) {
		const made = document.createElementNS(SVG, tag);
		Object.entries(attributes).forEach(([key, value]) => made.setAttribute(key, value));
		const tooltip = document.createElementNS(SVG, 'title');
		tooltip.textContent = title;
		made.append(tooltip);
		return made;
	}

	// The band of the state now runs on until the state changes. A snapshot and a history
	// event both say so; whichever comes first moves the band, the other finds it moved.
	function bandFrom(at, state) {
		const bands = byId('bands');
		const open = bands.querySelector('rect:not([data-end])');
		if (open && open.dataset.state === state) {
			return;
		}
		if (open) {
			open.dataset.end = at;
		}
		if (state && state !== 'UNKNOWN') {
			const band = svg('rect', { class: 'band band-' + state.toLowerCase(), y: '14', height: '20' },
				name(state) + ' from ' + time(at));
			band.dataset.state = state;
			band.dataset.start = at;
			bands.append(band);
		}
		layOut();
	}

	function addToTimeline(e) {
		if (e.kind === 'PRESENCE_CHANGED') {
			bandFrom(e.at, e.to);
		}
		else if (e.kind === 'SERVICE_STARTED' || e.kind === 'SERVICE_STOPPED') {
			bandFrom(e.at, null);
		}
		else if (MARKS.includes(e.kind)) {
			const mark = svg('rect', { class: 'mark mark-' + e.kind.toLowerCase(), width: '2', height: '14',
				y: e.kind === 'WRAPPER_ARRIVED' ? '0' : '34' }, preciseTime(e.at) + ' ' + words(e));
			mark.dataset.at = e.at;
			byId('marks').append(mark);
		}
		const item = element('li', 'event event-' + e.kind.toLowerCase());
		item.dataset.kind = e.kind;
		item.dataset.at = e.at;
		if (e.uuid) {
			item.dataset.uuid = e.uuid;
		}
		if (e.file) {
			item.dataset.file = e.file;
		}
		item.append(timeElement(e.at, preciseTime(e.at)), ' ', element('span', 'what', words(e)));
		byId('events').prepend(item);
		layOut();
	}

	// The wrappers change without a presence change (a second one comes): ask again.
	function refetchPresence() {
		if (refetching) {
			refetchAgain = true;
			return;
		}
		refetching = true;
		fetch('/actuator/presence', { headers: { Accept: 'application/json' }, cache: 'no-store' })
			.then((response) => (response.ok ? response.json() : null))
			.then((s) => {
				if (s) {
					showSnapshot(s);
				}
			})
			.catch(() => undefined)
			.finally(() => {
				refetching = false;
				if (refetchAgain) {
					refetchAgain = false;
					refetchPresence();
				}
			});
	}

	function onHistory(e) {
		if (e.kind === 'WRAPPER_ARRIVED' && e.uuid) {
			arrivals.set(e.uuid, e.at);
		}
		if (e.kind === 'FILE_CLEANED_UP' && e.file) {
			deletions.set(e.file, e.at);
		}
		addToTimeline(e);
		refetchPresence();
	}

	function listen() {
		const live = byId('live');
		let lost = false;
		const stream = new EventSource('/presence/stream');
		stream.addEventListener('open', () => {
			// Events were missed while the stream was away (a restart): start over.
			if (lost) {
				window.location.reload();
				return;
			}
			live.textContent = 'Live';
			live.classList.add('on');
		});
		stream.addEventListener('error', () => {
			lost = true;
			live.classList.remove('on');
			live.textContent = stream.readyState === EventSource.CLOSED
				? 'Not live: reload to see changes' : 'Reconnecting\u2026';
		});
		stream.addEventListener('presence', (message) => showSnapshot(JSON.parse(message.data)));
		stream.addEventListener('history', (message) => onHistory(JSON.parse(message.data)));
	}

	function start() {
		document.querySelectorAll('#wrappers tr[data-arrived]').forEach((row) => {
			arrivals.set(row.dataset.uuid, row.dataset.arrived);
		});
		document.querySelectorAll('#events li[data-kind="WRAPPER_ARRIVED"][data-uuid]').forEach((item) => {
			if (!arrivals.has(item.dataset.uuid)) {
				arrivals.set(item.dataset.uuid, item.dataset.at);
			}
		});
		document.querySelectorAll('#events li[data-kind="FILE_CLEANED_UP"][data-file]').forEach((item) => {
			if (!deletions.has(item.dataset.file)) {
				deletions.set(item.dataset.file, item.dataset.at);
			}
		});
		layOut();
		listen();
		window.setInterval(() => {
			layOut();
			if (snapshot) {
				byId('state').textContent = headline(snapshot);
			}
		}, RETICK_MILLIS);
	}

	start();
}());
