#!/usr/bin/env node
// Checks Adaptive Cards the way a Microsoft Teams client would see them.
//
// Input (stdin):  [{ "name": "...", "card": { ...adaptive card... } }, ...]
// Output (stdout): [{ "name": "...", "errors": ["...", ...] }, ...]   (same order as the input)
// Exit code: 0 whenever the input could be read (the caller decides what errors mean), 2 on harness failure.
//
// For manual use: `node tools/validate-card.js card1.json card2.json` checks files instead of stdin.
//
// Two independent passes run over every card:
//  1. The official renderer (npm `adaptivecards`, dist/adaptivecards.min.js, the bundle Teams' web client
//     ships a build of) parses the card with a Teams host config and target version 1.5, then runs
//     validateProperties(). Every parse event (unknown element/action types, invalid enum values, properties
//     newer than 1.5, ...) and every validation event (inputs without ids, duplicate ids, empty choice sets,
//     too many actions for Teams, ...) is reported, prefixed "renderer".
//     Teams' chart elements (Chart.Line, Chart.Donut, ...) are not in the renderer: its "unknown element" event for them is
//     dropped, and pass 2 checks them instead (a fallback element is required, the data's shape).
//  2. Strict structural checks, prefixed with a JSON path ("$.body[2].items[0]"), for what the renderer
//     silently tolerates: version "1.5", $schema, types outside the 1.5 set, missing required properties
//     (TextBlock.text, Image.url, Fact/Choice title+value, Action.Execute verb, ...), wrong JSON types for
//     boolean/string/number properties, unknown (misspelt) properties, ToggleVisibility targets that do not
//     exist, unresolved template expressions, and Teams specifics (msteams.width "Full", mention entities,
//     Action.Submit data.msteams imBack/messageBack/invoke/signin/task/fetch shapes, the ~28 KB message size).
//
// The official Adaptive Card 1.5 JSON schema is not available offline (the only copy in an npm package,
// adaptivecards-designer's adaptive-card-schema, is the 1.0 draft that knows no Action.Execute, Table, ...),
// so the property lists used by pass 2 come from the renderer's own object schemas.
'use strict';

const fs = require('fs');
const path = require('path');

const AC = require(path.join(__dirname, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js'));
const TEAMS_HOST_CONFIG = JSON.parse(
    fs.readFileSync(path.join(__dirname, 'adaptive-card-schema', 'microsoft-teams-light.hostconfig.json'), 'utf8'));

const TARGET_VERSION = '1.5';
const SCHEMA_URLS = new Set([
    'http://adaptivecards.io/schemas/adaptive-card.json',
    'https://adaptivecards.io/schemas/adaptive-card.json',
]);
// Teams rejects bot messages larger than about 28 KB; the card is most of the message.
const TEAMS_MAX_CARD_BYTES = 28 * 1024;

// The Adaptive Cards 1.5 element and action types (TextRun, Column, TableRow and TableCell only where
// their parents allow them).
const ELEMENT_TYPES = new Set([
    'TextBlock', 'RichTextBlock', 'Image', 'ImageSet', 'Media', 'FactSet', 'Container', 'ColumnSet', 'ActionSet',
    'Table', 'Input.Text', 'Input.Number', 'Input.Date', 'Input.Time', 'Input.Toggle', 'Input.ChoiceSet',
]);
const ACTION_TYPES = new Set([
    'Action.OpenUrl', 'Action.Submit', 'Action.ShowCard', 'Action.ToggleVisibility', 'Action.Execute',
]);
const TEAMS_SUBMIT_TYPES = new Set(['imBack', 'messageBack', 'invoke', 'signin', 'task/fetch']);

// Teams' chart elements (docs: "Charts in Adaptive Cards"): not in the 1.5 schema, so the official renderer does not
// know them and other hosts show their fallback. Each must carry a fallback that is a 1.5 element, so the numbers
// still show where the chart does not. Keys and data shapes per the Teams documentation.
// A line or grouped-bar series: its legend and its points.
const isSeries = (p) => (!('legend' in p) || typeof p.legend === 'string') && Array.isArray(p.values) && p.values.length > 0
    && p.values.every((v) => isObject(v) && (isNonEmptyString(v.x) || typeof v.x === 'number') && typeof v.y === 'number');
const CHART_COMMON_KEYS = ['type', 'id', 'title', 'data', 'fallback', 'color', 'colorSet', 'height', 'horizontalAlignment', 'isVisible', 'separator', 'spacing', 'targetWidth', 'requires', 'lang'];
const TEAMS_CHARTS = {
    'Chart.HorizontalBar': { keys: ['displayMode', 'xAxisTitle', 'yAxisTitle'], point: (p) => isNonEmptyString(p.x) && typeof p.y === 'number', shape: '{ "x": text, "y": number }' },
    'Chart.VerticalBar': { keys: ['xAxisTitle', 'yAxisTitle', 'showBarValues'], point: (p) => (isNonEmptyString(p.x) || typeof p.x === 'number') && typeof p.y === 'number', shape: '{ "x": text or number, "y": number }' },
    'Chart.HorizontalBar.Stacked': {
        keys: ['xAxisTitle', 'yAxisTitle'],
        point: (p) => isNonEmptyString(p.title) && Array.isArray(p.data) && p.data.length > 0 && p.data.every((d) => isObject(d) && isNonEmptyString(d.legend) && typeof d.value === 'number'),
        shape: '{ "title": text, "data": [{ "legend": text, "value": number }] }',
    },
    'Chart.Donut': { keys: [], point: (p) => isNonEmptyString(p.legend) && typeof p.value === 'number', shape: '{ "legend": text, "value": number }' },
    'Chart.Pie': { keys: [], point: (p) => isNonEmptyString(p.legend) && typeof p.value === 'number', shape: '{ "legend": text, "value": number }' },
    'Chart.Line': { keys: ['xAxisTitle', 'yAxisTitle', 'yMin', 'yMax'], point: isSeries, shape: '{ "legend": text, "values": [{ "x": text or number, "y": number }] }' },
    'Chart.VerticalBar.Grouped': { keys: ['xAxisTitle', 'yAxisTitle', 'showBarValues'], point: isSeries, shape: '{ "legend": text, "values": [{ "x": text or number, "y": number }] }' },
};

// Keys the renderer parses by hand rather than through its property schema, per type.
const EXTRA_KEYS = {
    '*element': ['fallback'],
    '*action': ['fallback'],
    AdaptiveCard: ['body', 'actions', 'msteams'],
    Container: ['items'],
    Column: ['items'],
    TableCell: ['items'],
    ColumnSet: ['columns'],
    RichTextBlock: ['inlines'],
    ActionSet: ['actions'],
    Table: ['rows'],
    TableRow: ['cells'],
    Image: ['msTeams'], // Teams: { "allowExpand": true }
    'Action.ShowCard': ['card'],
};

// ---------------------------------------------------------------------------------------------------------
// Renderer property schemas

const schemaCache = new Map();

function classFor(kind, type) {
    switch (type) {
        case 'AdaptiveCard': return AC.AdaptiveCard;
        case 'Column': return AC.Column;
        case 'TableRow': return AC.TableRow;
        case 'TableCell': return AC.TableCell;
        case 'TextRun': return AC.TextRun;
        case 'Fact': return AC.Fact;
        case 'Choice': return AC.Choice;
        case 'TableColumnDefinition': return AC.TableColumnDefinition;
        case 'MediaSource': return AC.MediaSource;
        case 'BackgroundImage': return AC.BackgroundImage;
        case 'RefreshDefinition': return AC.RefreshDefinition;
        case 'ChoiceSetInputDataQuery': return AC.ChoiceSetInputDataQuery;
        default: {
            const registry = kind === 'action' ? AC.GlobalRegistry.actions : AC.GlobalRegistry.elements;
            const registration = registry.findByName(type);
            return registration ? registration.objectType : undefined;
        }
    }
}

// name -> PropertyDefinition, from the renderer's own schema for the type.
function propertiesOf(kind, type) {
    const key = kind + ':' + type;
    if (!schemaCache.has(key)) {
        const Class = classFor(kind, type);
        const properties = new Map();
        if (Class) {
            const schema = new Class().getSchema();
            for (let i = 0; i < schema.getCount(); i++) {
                const property = schema.getItemAt(i);
                if (!properties.has(property.name)) {
                    properties.set(property.name, property);
                }
            }
        }
        schemaCache.set(key, properties);
    }
    return schemaCache.get(key);
}

// ---------------------------------------------------------------------------------------------------------
// Structural checks

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNonEmptyString = (v) => typeof v === 'string' && v.trim().length > 0;

class Checker {
    constructor() {
        this.errors = [];
        this.ids = new Map(); // id -> first path
        this.toggleTargets = []; // { id, path }
        this.texts = []; // text that Teams shows (for mention checks)
        this.pathOf = new Map(); // raw JSON object -> path
    }

    error(where, message) {
        this.errors.push(`${where}: ${message}`);
    }

    registerId(id, where) {
        if (id === undefined) {
            return;
        }
        if (!isNonEmptyString(id)) {
            this.error(where, 'id must be a non-empty string');
            return;
        }
        if (this.ids.has(id)) {
            this.error(where, `duplicate id "${id}" (also used at ${this.ids.get(id)})`);
        } else {
            this.ids.set(id, where);
        }
    }

    checkChart(el, where, type) {
        const chart = TEAMS_CHARTS[type];
        this.registerId(el.id, where);
        const allowed = new Set([...CHART_COMMON_KEYS, ...chart.keys]);
        for (const key of Object.keys(el)) {
            if (!allowed.has(key)) {
                this.error(where, `unknown property "${key}" on ${type} (not in Teams' chart schema)`);
            }
        }
        if (!Array.isArray(el.data) || el.data.length === 0) {
            this.error(where, `${type} needs a non-empty "data" array`);
        } else {
            el.data.forEach((point, i) => {
                if (!isObject(point) || !chart.point(point)) {
                    this.error(`${where}.data[${i}]`, `a ${type} data point must be ${chart.shape}`);
                }
            });
        }
        if (el.fallback === 'drop') {
            // Allowed when the numbers follow the chart in the same list: checked there.
        } else if (!('fallback' in el)) {
            this.error(where, `${type} needs a "fallback": its numbers (a table or facts), or "drop" with the numbers right after it`);
        } else if (isObject(el.fallback) && TEAMS_CHARTS[el.fallback.type]) {
            this.error(`${where}.fallback`, 'a chart\'s fallback must be an Adaptive Cards 1.5 element, not another chart');
        } else {
            this.checkFallback(el.fallback, `${where}.fallback`, 'element');
        }
    }

    // Unknown keys, nulls, and JSON types of the boolean/string/number properties.
    checkProperties(obj, where, kind, type, extraKeys) {
        const properties = propertiesOf(kind, type);
        const allowed = new Set([...properties.keys(), ...(extraKeys || [])]);
        for (const key of Object.keys(obj)) {
            const value = obj[key];
            if (key === '$data' || key === '$when') {
                this.error(where, `unresolved template property "${key}" (expand templates before sending)`);
                continue;
            }
            if (!allowed.has(key)) {
                this.error(where, `unknown property "${key}" on ${type} (not in the Adaptive Card schema; Teams ignores it)`);
                continue;
            }
            if (value === null) {
                this.error(where, `property "${key}" is null (omit it instead)`);
                continue;
            }
            const property = properties.get(key);
            if (!property) {
                continue;
            }
            if (property instanceof AC.BoolProperty && typeof value !== 'boolean') {
                this.error(where, `property "${key}" must be a boolean, got ${JSON.stringify(value)}`);
            } else if (property instanceof AC.NumProperty && typeof value !== 'number') {
                this.error(where, `property "${key}" must be a number, got ${JSON.stringify(value)}`);
            } else if (property instanceof AC.StringProperty && typeof value !== 'string') {
                this.error(where, `property "${key}" must be a string, got ${JSON.stringify(value)}`);
            }
        }
    }

    checkTemplates(value, where) {
        if (typeof value === 'string') {
            if (value.includes('${')) {
                this.error(where, `unresolved template expression in ${JSON.stringify(value)}`);
            }
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => this.checkTemplates(item, `${where}[${i}]`));
        } else if (isObject(value)) {
            for (const [key, item] of Object.entries(value)) {
                this.checkTemplates(item, `${where}.${key}`);
            }
        }
    }

    checkCard(card, where, isRoot) {
        if (!isObject(card)) {
            this.error(where, 'card must be a JSON object');
            return;
        }
        this.pathOf.set(card, where);
        if (card.type !== 'AdaptiveCard') {
            this.error(where, `type must be "AdaptiveCard", got ${JSON.stringify(card.type)}`);
        }
        if (isRoot) {
            if (card.version !== TARGET_VERSION) {
                this.error(where, `version must be "${TARGET_VERSION}" (what Teams renders on every client), got ${JSON.stringify(card.version)}`);
            }
            if (!('$schema' in card)) {
                this.error(where, '"$schema" is missing (use "http://adaptivecards.io/schemas/adaptive-card.json")');
            } else if (!SCHEMA_URLS.has(card.$schema)) {
                this.error(where, `"$schema" must be "http://adaptivecards.io/schemas/adaptive-card.json", got ${JSON.stringify(card.$schema)}`);
            }
            if ('msteams' in card) {
                this.checkTeamsCardProperties(card.msteams, `${where}.msteams`);
            }
        } else if ('version' in card && card.version !== TARGET_VERSION) {
            this.error(where, `nested card version must be "${TARGET_VERSION}" or absent, got ${JSON.stringify(card.version)}`);
        }
        this.checkProperties(card, where, 'element', 'AdaptiveCard', isRoot ? EXTRA_KEYS.AdaptiveCard : ['body', 'actions']);

        const hasBody = Array.isArray(card.body) && card.body.length > 0;
        const hasActions = Array.isArray(card.actions) && card.actions.length > 0;
        if (!hasBody && !hasActions) {
            this.error(where, 'card has neither body elements nor actions (Teams shows an empty card)');
        }
        if ('body' in card) {
            this.checkElementArray(card.body, `${where}.body`);
        }
        if ('actions' in card) {
            this.checkActionArray(card.actions, `${where}.actions`);
        }
        if ('selectAction' in card) {
            this.checkAction(card.selectAction, `${where}.selectAction`, 'select');
        }
        if (isObject(card.refresh)) {
            const refresh = card.refresh;
            this.checkProperties(refresh, `${where}.refresh`, 'object', 'RefreshDefinition');
            if (!isObject(refresh.action) || refresh.action.type !== 'Action.Execute') {
                this.error(`${where}.refresh`, 'refresh.action must be an Action.Execute');
            } else {
                this.checkAction(refresh.action, `${where}.refresh.action`, 'refresh');
            }
            if ('userIds' in refresh && (!Array.isArray(refresh.userIds) || refresh.userIds.length > 60)) {
                this.error(`${where}.refresh`, 'refresh.userIds must be an array of at most 60 user ids (Teams limit)');
            }
        }
    }

    checkTeamsCardProperties(msteams, where) {
        if (!isObject(msteams)) {
            this.error(where, 'msteams must be an object');
            return;
        }
        for (const key of Object.keys(msteams)) {
            if (key !== 'width' && key !== 'entities') {
                this.error(where, `unknown msteams property "${key}" (Teams knows "width" and "entities")`);
            }
        }
        if ('width' in msteams && msteams.width !== 'Full') {
            this.error(where, `msteams.width must be "Full", got ${JSON.stringify(msteams.width)}`);
        }
        if ('entities' in msteams) {
            if (!Array.isArray(msteams.entities)) {
                this.error(where, 'msteams.entities must be an array');
                return;
            }
            this.mentions = [];
            msteams.entities.forEach((entity, i) => {
                const at = `${where}.entities[${i}]`;
                if (!isObject(entity) || entity.type !== 'mention') {
                    this.error(at, 'entity must be an object with type "mention"');
                    return;
                }
                if (!isNonEmptyString(entity.text) || !/^<at>.+<\/at>$/.test(entity.text)) {
                    this.error(at, 'mention text must look like "<at>Name</at>"');
                } else {
                    this.mentions.push({ text: entity.text, at });
                }
                if (!isObject(entity.mentioned) || !isNonEmptyString(entity.mentioned.id) || !isNonEmptyString(entity.mentioned.name)) {
                    this.error(at, 'mention needs "mentioned": { "id": ..., "name": ... }');
                }
            });
        }
    }

    checkElementArray(items, where) {
        if (!Array.isArray(items)) {
            this.error(where, 'must be an array of elements');
            return;
        }
        items.forEach((item, i) => {
            this.checkElement(item, `${where}[${i}]`);
            // A chart that drops where it is not drawn must have its numbers right after it, drawn or not.
            if (isObject(item) && TEAMS_CHARTS[item.type] && item.fallback === 'drop') {
                const next = items[i + 1];
                if (!isObject(next) || TEAMS_CHARTS[next.type]) {
                    this.error(`${where}[${i}]`, `${item.type} with fallback "drop" must be followed by its numbers (a table or facts)`);
                }
            }
        });
    }

    checkActionArray(actions, where) {
        if (!Array.isArray(actions)) {
            this.error(where, 'must be an array of actions');
            return;
        }
        actions.forEach((action, i) => this.checkAction(action, `${where}[${i}]`, 'button'));
    }

    checkFallback(fallback, where, kind) {
        if (fallback === 'drop') {
            return;
        }
        if (kind === 'element') {
            this.checkElement(fallback, where);
        } else {
            this.checkAction(fallback, where, 'button');
        }
    }

    checkElement(el, where) {
        if (!isObject(el)) {
            this.error(where, 'element must be a JSON object');
            return;
        }
        this.pathOf.set(el, where);
        const type = el.type;
        if (typeof type !== 'string') {
            this.error(where, 'element has no "type"');
            return;
        }
        if (TEAMS_CHARTS[type]) {
            this.checkChart(el, where, type);
            return;
        }
        if (!ELEMENT_TYPES.has(type)) {
            const onlyInside = { TextRun: 'RichTextBlock.inlines', Column: 'ColumnSet.columns', TableRow: 'Table.rows', TableCell: 'TableRow.cells' }[type];
            this.error(where, onlyInside
                ? `${type} is only allowed inside ${onlyInside}`
                : `unknown element type "${type}" (not an Adaptive Cards ${TARGET_VERSION} element)`);
            return;
        }
        this.registerId(el.id, where);
        this.checkProperties(el, where, 'element', type, [...EXTRA_KEYS['*element'], ...(EXTRA_KEYS[type] || [])]);
        if ('fallback' in el) {
            this.checkFallback(el.fallback, `${where}.fallback`, 'element');
        }
        if ('selectAction' in el) {
            this.checkAction(el.selectAction, `${where}.selectAction`, 'select');
        }
        if (isObject(el.backgroundImage)) {
            this.checkProperties(el.backgroundImage, `${where}.backgroundImage`, 'object', 'BackgroundImage');
        }

        switch (type) {
            case 'TextBlock':
                if (!isNonEmptyString(el.text)) {
                    this.error(where, 'TextBlock needs a non-empty "text"');
                } else {
                    this.texts.push(el.text);
                }
                break;
            case 'RichTextBlock':
                if (!Array.isArray(el.inlines) || el.inlines.length === 0) {
                    this.error(where, 'RichTextBlock needs a non-empty "inlines" array');
                    break;
                }
                el.inlines.forEach((inline, i) => this.checkInline(inline, `${where}.inlines[${i}]`));
                break;
            case 'Image':
                this.checkImage(el, where);
                break;
            case 'ImageSet':
                if (!Array.isArray(el.images) || el.images.length === 0) {
                    this.error(where, 'ImageSet needs a non-empty "images" array');
                    break;
                }
                el.images.forEach((image, i) => {
                    const at = `${where}.images[${i}]`;
                    if (!isObject(image)) {
                        this.error(at, 'image must be a JSON object');
                    } else if (image.type !== undefined && image.type !== 'Image') {
                        this.error(at, `ImageSet images must be of type "Image", got ${JSON.stringify(image.type)}`);
                    } else {
                        this.pathOf.set(image, at);
                        this.checkProperties(image, at, 'element', 'Image', EXTRA_KEYS.Image);
                        this.checkImage(image, at);
                    }
                });
                break;
            case 'Media':
                if (!Array.isArray(el.sources) || el.sources.length === 0) {
                    this.error(where, 'Media needs a non-empty "sources" array');
                    break;
                }
                el.sources.forEach((source, i) => {
                    const at = `${where}.sources[${i}]`;
                    if (!isObject(source) || !isNonEmptyString(source.url) || !isNonEmptyString(source.mimeType)) {
                        this.error(at, 'media source needs "url" and "mimeType"');
                    } else {
                        this.checkProperties(source, at, 'object', 'MediaSource');
                    }
                });
                break;
            case 'FactSet':
                if (!Array.isArray(el.facts) || el.facts.length === 0) {
                    this.error(where, 'FactSet needs a non-empty "facts" array');
                    break;
                }
                el.facts.forEach((fact, i) => {
                    const at = `${where}.facts[${i}]`;
                    if (!isObject(fact)) {
                        this.error(at, 'fact must be a JSON object');
                        return;
                    }
                    this.checkProperties(fact, at, 'object', 'Fact');
                    if (typeof fact.title !== 'string' || typeof fact.value !== 'string') {
                        this.error(at, 'fact needs string "title" and "value"');
                    } else {
                        this.texts.push(fact.title, fact.value);
                    }
                });
                break;
            case 'Container':
                if (!('items' in el)) {
                    this.error(where, 'Container needs an "items" array');
                } else {
                    this.checkElementArray(el.items, `${where}.items`);
                }
                break;
            case 'ColumnSet':
                if ('columns' in el) {
                    if (!Array.isArray(el.columns)) {
                        this.error(`${where}.columns`, 'must be an array of columns');
                    } else {
                        el.columns.forEach((column, i) => this.checkColumn(column, `${where}.columns[${i}]`));
                    }
                }
                break;
            case 'ActionSet':
                if (!Array.isArray(el.actions) || el.actions.length === 0) {
                    this.error(where, 'ActionSet needs a non-empty "actions" array');
                } else {
                    this.checkActionArray(el.actions, `${where}.actions`);
                }
                break;
            case 'Table':
                this.checkTable(el, where);
                break;
            default:
                if (type.startsWith('Input.')) {
                    this.checkInput(el, where, type);
                }
                break;
        }
    }

    checkImage(image, where) {
        if (!isNonEmptyString(image.url)) {
            this.error(where, 'Image needs a non-empty "url"');
        }
        if ('msTeams' in image) {
            const msTeams = image.msTeams;
            if (!isObject(msTeams) || Object.keys(msTeams).some((k) => k !== 'allowExpand') || typeof msTeams.allowExpand !== 'boolean') {
                this.error(`${where}.msTeams`, 'Image msTeams must be { "allowExpand": true|false }');
            }
        }
    }

    checkInline(inline, where) {
        if (typeof inline === 'string') {
            this.texts.push(inline);
            return;
        }
        if (!isObject(inline) || inline.type !== 'TextRun') {
            this.error(where, 'RichTextBlock inlines must be strings or TextRun objects');
            return;
        }
        this.pathOf.set(inline, where);
        this.registerId(inline.id, where);
        this.checkProperties(inline, where, 'element', 'TextRun');
        if (!isNonEmptyString(inline.text)) {
            this.error(where, 'TextRun needs a non-empty "text"');
        } else {
            this.texts.push(inline.text);
        }
        if ('selectAction' in inline) {
            this.checkAction(inline.selectAction, `${where}.selectAction`, 'select');
        }
    }

    checkColumn(column, where) {
        if (!isObject(column)) {
            this.error(where, 'column must be a JSON object');
            return;
        }
        this.pathOf.set(column, where);
        if (column.type !== undefined && column.type !== 'Column') {
            this.error(where, `ColumnSet columns must be of type "Column", got ${JSON.stringify(column.type)}`);
            return;
        }
        this.registerId(column.id, where);
        this.checkProperties(column, where, 'element', 'Column', [...EXTRA_KEYS['*element'], ...EXTRA_KEYS.Column]);
        if ('items' in column) {
            this.checkElementArray(column.items, `${where}.items`);
        }
        if ('selectAction' in column) {
            this.checkAction(column.selectAction, `${where}.selectAction`, 'select');
        }
        if ('fallback' in column && column.fallback !== 'drop') {
            this.checkColumn(column.fallback, `${where}.fallback`);
        }
    }

    checkTable(table, where) {
        let columnCount;
        if ('columns' in table) {
            if (!Array.isArray(table.columns)) {
                this.error(`${where}.columns`, 'must be an array of column definitions');
            } else {
                columnCount = table.columns.length;
                table.columns.forEach((definition, i) => {
                    const at = `${where}.columns[${i}]`;
                    if (!isObject(definition)) {
                        this.error(at, 'column definition must be a JSON object');
                    } else {
                        this.checkProperties(definition, at, 'object', 'TableColumnDefinition');
                    }
                });
            }
        }
        if (!('rows' in table)) {
            return;
        }
        if (!Array.isArray(table.rows)) {
            this.error(`${where}.rows`, 'must be an array of TableRow');
            return;
        }
        table.rows.forEach((row, r) => {
            const at = `${where}.rows[${r}]`;
            if (!isObject(row) || row.type !== 'TableRow') {
                this.error(at, 'table rows must be objects of type "TableRow"');
                return;
            }
            this.pathOf.set(row, at);
            this.checkProperties(row, at, 'element', 'TableRow', EXTRA_KEYS.TableRow);
            if (!Array.isArray(row.cells)) {
                this.error(at, 'TableRow needs a "cells" array');
                return;
            }
            if (columnCount !== undefined && row.cells.length > columnCount) {
                this.error(at, `row has ${row.cells.length} cells but the table defines ${columnCount} columns (extra cells are not shown)`);
            }
            row.cells.forEach((cell, c) => {
                const cellAt = `${at}.cells[${c}]`;
                if (!isObject(cell) || cell.type !== 'TableCell') {
                    this.error(cellAt, 'table cells must be objects of type "TableCell"');
                    return;
                }
                this.pathOf.set(cell, cellAt);
                this.checkProperties(cell, cellAt, 'element', 'TableCell', EXTRA_KEYS.TableCell);
                if (!('items' in cell)) {
                    this.error(cellAt, 'TableCell needs an "items" array');
                } else {
                    this.checkElementArray(cell.items, `${cellAt}.items`);
                }
                if ('selectAction' in cell) {
                    this.checkAction(cell.selectAction, `${cellAt}.selectAction`, 'select');
                }
            });
        });
    }

    checkInput(input, where, type) {
        if (!isNonEmptyString(input.id)) {
            this.error(where, `${type} needs a non-empty "id" (its value is submitted under that id)`);
        }
        if (type === 'Input.Text' && 'inlineAction' in input) {
            this.checkAction(input.inlineAction, `${where}.inlineAction`, 'inline');
        }
        if (type === 'Input.Toggle' && !isNonEmptyString(input.title)) {
            this.error(where, 'Input.Toggle needs a non-empty "title"');
        }
        if (type === 'Input.ChoiceSet') {
            // Teams' dynamic typeahead ("choices.data": Data.Query) works in 1.5 cards; static choices may then be empty.
            const dataQuery = input['choices.data'];
            if (dataQuery !== undefined) {
                const at = `${where}["choices.data"]`;
                if (!isObject(dataQuery) || dataQuery.type !== 'Data.Query' || !isNonEmptyString(dataQuery.dataset)) {
                    this.error(at, 'choices.data must be { "type": "Data.Query", "dataset": "..." }');
                } else {
                    this.checkProperties(dataQuery, at, 'object', 'ChoiceSetInputDataQuery');
                }
            }
            if (!('choices' in input) || !Array.isArray(input.choices)) {
                if (dataQuery === undefined || 'choices' in input) {
                    this.error(where, 'Input.ChoiceSet needs a "choices" array');
                }
            } else {
                if (input.choices.length === 0 && dataQuery === undefined) {
                    this.error(where, 'Input.ChoiceSet has no choices');
                }
                const values = new Set();
                input.choices.forEach((choice, i) => {
                    const at = `${where}.choices[${i}]`;
                    if (!isObject(choice)) {
                        this.error(at, 'choice must be a JSON object');
                        return;
                    }
                    this.checkProperties(choice, at, 'object', 'Choice');
                    if (typeof choice.title !== 'string' || typeof choice.value !== 'string') {
                        this.error(at, 'choice needs string "title" and "value"');
                    } else if (values.has(choice.value)) {
                        this.error(at, `duplicate choice value ${JSON.stringify(choice.value)}`);
                    } else {
                        values.add(choice.value);
                    }
                });
            }
        }
    }

    // context: 'button' (shown as a button), 'select' (selectAction), 'inline' (Input.Text inlineAction), 'refresh'.
    checkAction(action, where, context) {
        if (!isObject(action)) {
            this.error(where, 'action must be a JSON object');
            return;
        }
        this.pathOf.set(action, where);
        const type = action.type;
        if (typeof type !== 'string') {
            this.error(where, 'action has no "type"');
            return;
        }
        if (!ACTION_TYPES.has(type)) {
            this.error(where, `unknown action type "${type}" (not an Adaptive Cards ${TARGET_VERSION} action)`);
            return;
        }
        if (type === 'Action.ShowCard' && context !== 'button') {
            this.error(where, `Action.ShowCard is not allowed as a ${context === 'select' ? 'selectAction' : context === 'inline' ? 'inlineAction' : 'refresh action'}`);
        }
        this.registerId(action.id, where);
        this.checkProperties(action, where, 'action', type, [...EXTRA_KEYS['*action'], ...(EXTRA_KEYS[type] || [])]);
        if ('fallback' in action) {
            this.checkFallback(action.fallback, `${where}.fallback`, 'action');
        }
        if (context === 'button' && !isNonEmptyString(action.title)) {
            this.error(where, `${type} shown as a button needs a non-empty "title"`);
        }

        switch (type) {
            case 'Action.Execute':
                if (!isNonEmptyString(action.verb)) {
                    this.error(where, 'Action.Execute needs a non-empty "verb" (the bot routes adaptiveCard/action invokes by verb)');
                }
                this.checkActionData(action, where, type);
                break;
            case 'Action.Submit':
                this.checkActionData(action, where, type);
                break;
            case 'Action.OpenUrl':
                if (!isNonEmptyString(action.url)) {
                    this.error(where, 'Action.OpenUrl needs a non-empty "url"');
                } else if (!isAbsoluteUrl(action.url)) {
                    this.error(where, `Action.OpenUrl url must be absolute, got ${JSON.stringify(action.url)}`);
                }
                break;
            case 'Action.ShowCard':
                if (!('card' in action)) {
                    this.error(where, 'Action.ShowCard needs a "card"');
                } else {
                    this.checkCard(action.card, `${where}.card`, false);
                }
                break;
            case 'Action.ToggleVisibility':
                if (!Array.isArray(action.targetElements) || action.targetElements.length === 0) {
                    this.error(where, 'Action.ToggleVisibility needs a non-empty "targetElements" array');
                    break;
                }
                action.targetElements.forEach((target, i) => {
                    const at = `${where}.targetElements[${i}]`;
                    if (typeof target === 'string') {
                        this.toggleTargets.push({ id: target, at });
                    } else if (isObject(target) && isNonEmptyString(target.elementId)
                        && Object.keys(target).every((k) => k === 'elementId' || k === 'isVisible')
                        && (target.isVisible === undefined || typeof target.isVisible === 'boolean')) {
                        this.toggleTargets.push({ id: target.elementId, at });
                    } else {
                        this.error(at, 'target must be an element id or { "elementId": "...", "isVisible": true|false }');
                    }
                });
                break;
            default:
                break;
        }
    }

    checkActionData(action, where, type) {
        if (!('data' in action)) {
            return;
        }
        const data = action.data;
        if (typeof data !== 'string' && !isObject(data)) {
            this.error(`${where}.data`, `${type} data must be an object or a string`);
            return;
        }
        if (isObject(data) && 'msteams' in data) {
            this.checkTeamsSubmitData(data.msteams, `${where}.data.msteams`);
        }
    }

    // https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-actions#adaptive-cards-actions
    checkTeamsSubmitData(msteams, where) {
        if (!isObject(msteams)) {
            this.error(where, 'data.msteams must be an object');
            return;
        }
        if (!TEAMS_SUBMIT_TYPES.has(msteams.type)) {
            this.error(where, `data.msteams.type must be one of ${[...TEAMS_SUBMIT_TYPES].join(', ')}, got ${JSON.stringify(msteams.type)}`);
            return;
        }
        const allowedKeys = {
            imBack: ['type', 'value'],
            messageBack: ['type', 'displayText', 'text', 'value'],
            invoke: ['type', 'value'],
            signin: ['type', 'value'],
            'task/fetch': ['type'],
        }[msteams.type];
        for (const key of Object.keys(msteams)) {
            if (!allowedKeys.includes(key)) {
                this.error(where, `unknown property "${key}" for msteams ${msteams.type}`);
            }
        }
        switch (msteams.type) {
            case 'imBack':
                if (!isNonEmptyString(msteams.value)) {
                    this.error(where, 'msteams imBack needs a non-empty string "value" (the text posted as the user)');
                }
                break;
            case 'messageBack':
                if (!('text' in msteams) && !('value' in msteams)) {
                    this.error(where, 'msteams messageBack needs "text" and/or "value"');
                }
                for (const key of ['text', 'displayText']) {
                    if (key in msteams && typeof msteams[key] !== 'string') {
                        this.error(where, `msteams messageBack "${key}" must be a string`);
                    }
                }
                break;
            case 'invoke':
                if (!('value' in msteams)) {
                    this.error(where, 'msteams invoke needs a "value"');
                }
                break;
            case 'signin':
                if (!isNonEmptyString(msteams.value) || !isAbsoluteUrl(msteams.value)) {
                    this.error(where, 'msteams signin needs an absolute sign-in URL as "value"');
                }
                break;
            default:
                break;
        }
    }

    finish(card) {
        for (const target of this.toggleTargets) {
            if (!this.ids.has(target.id)) {
                this.error(target.at, `Action.ToggleVisibility target "${target.id}" is not the id of any element in the card`);
            }
        }
        for (const mention of this.mentions || []) {
            if (!this.texts.some((text) => text.includes(mention.text))) {
                this.error(mention.at, `mention ${JSON.stringify(mention.text)} does not appear in any TextBlock, TextRun or Fact text (Teams would not resolve it)`);
            }
        }
        this.checkTemplates(card, '$');
        const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
        if (bytes > TEAMS_MAX_CARD_BYTES) {
            this.error('$', `card is ${bytes} bytes; Teams rejects messages over about ${TEAMS_MAX_CARD_BYTES} bytes`);
        }
    }
}

function isAbsoluteUrl(value) {
    try {
        const url = new URL(value);
        return ['https:', 'http:', 'mailto:', 'tel:', 'msteams:'].includes(url.protocol);
    } catch {
        return false;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Renderer pass

function describeSource(source, objectToRaw, pathOf) {
    if (!source) {
        return undefined;
    }
    const raw = objectToRaw.get(source);
    if (raw !== undefined && pathOf.has(raw)) {
        return pathOf.get(raw);
    }
    if (typeof source.getJsonTypeName === 'function') {
        const id = source.id ? ` id="${source.id}"` : '';
        return `${source.getJsonTypeName()}${id}`;
    }
    return undefined;
}

function rendererErrors(card, pathOf) {
    const errors = [];
    const objectToRaw = new Map();
    const adaptiveCard = new AC.AdaptiveCard();
    adaptiveCard.hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIG);
    objectToRaw.set(adaptiveCard, card);

    const context = new AC.SerializationContext(AC.Versions.v1_5);
    context.onParseElement = (element, source) => objectToRaw.set(element, source);
    context.onParseAction = (action, source) => objectToRaw.set(action, source);

    const events = [];
    try {
        adaptiveCard.parse(card, context);
        for (let i = 0; i < context.eventCount; i++) {
            events.push(context.getEventAt(i));
        }
        events.push(...adaptiveCard.validateProperties().validationEvents);
    } catch (e) {
        for (let i = 0; i < context.eventCount; i++) {
            events.push(context.getEventAt(i));
        }
        errors.push(`renderer: the card could not be parsed: ${e && e.message ? e.message : String(e)}`);
    }

    for (const event of events) {
        const raw = event.source ? objectToRaw.get(event.source) : undefined;
        // Teams' dynamic typeahead: "choices.data" works in Teams 1.5 cards although the renderer dates it 1.6.
        if (isObject(raw) && raw.type === 'Input.ChoiceSet' && isObject(raw['choices.data'])
            && (/"choices\.data"/.test(event.message) || event.event === AC.ValidationEvent.CollectionCantBeEmpty)) {
            continue;
        }
        // Teams' charts are unknown to the 1.5 renderer, which shows their fallback: the structural pass checks both.
        if (event.event === AC.ValidationEvent.UnknownElementType && Object.keys(TEAMS_CHARTS).some((chart) => event.message.includes(`"${chart}"`))) {
            continue;
        }
        const where = describeSource(event.source, objectToRaw, pathOf);
        const name = AC.ValidationEvent[event.event] || String(event.event);
        errors.push(`renderer ${name}${where ? ` at ${where}` : ''}: ${event.message}`);
    }
    return errors;
}

// ---------------------------------------------------------------------------------------------------------

function validateCard(card) {
    const checker = new Checker();
    checker.checkCard(card, '$', true);
    if (!isObject(card)) {
        return checker.errors;
    }
    checker.finish(card);
    const errors = [...rendererErrors(card, checker.pathOf), ...checker.errors];
    return [...new Set(errors)];
}

function readInput(args) {
    if (args.length > 0) {
        return args.map((file) => ({ name: file, card: JSON.parse(fs.readFileSync(file, 'utf8')) }));
    }
    const text = fs.readFileSync(0, 'utf8');
    const input = JSON.parse(text);
    if (!Array.isArray(input)) {
        throw new Error('stdin must be a JSON array of { "name": "...", "card": { ... } }');
    }
    return input.map((entry, i) => {
        if (!isObject(entry) || typeof entry.name !== 'string' || !('card' in entry)) {
            throw new Error(`entry ${i} must be { "name": "...", "card": { ... } }`);
        }
        return entry;
    });
}

function main() {
    let entries;
    try {
        entries = readInput(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`validate-card: bad input: ${e.message}\n`);
        process.exitCode = 2;
        return;
    }
    const report = entries.map((entry) => ({ name: entry.name, errors: validateCard(entry.card) }));
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

try {
    main();
} catch (e) {
    // Never print the stack: it would quote a line of the minified bundle.
    process.stderr.write(`validate-card: harness failure: ${e && e.message ? e.message : String(e)}\n`);
    process.exitCode = 2;
}
